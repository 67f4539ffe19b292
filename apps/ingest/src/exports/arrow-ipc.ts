/**
 * Stitches Arrow IPC streams into one: embedded chdb's streaming cursor sends each chunk of an `ArrowStream`
 * result as a whole stream (schema, record batches, end marker). The stitched stream is the first chunk's schema,
 * then every chunk's dictionary and record batches in order, then one end marker. Only message framing is read
 * (no values): a message is [0xFFFFFFFF][int32 metadata length][flatbuffer Message][body of Message.bodyLength].
 */

export class ArrowIpcError extends Error {
  readonly code = 'ARROW_IPC';
  constructor(message: string) {
    super(message);
    this.name = 'ArrowIpcError';
  }
}

/** Message.header_type values (Arrow's Schema.fbs MessageHeader union). */
const HEADER = { schema: 1, dictionaryBatch: 2, recordBatch: 3 } as const;
const END = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

interface Message {
  start: number;
  end: number;
  type: number;
}

/** The flatbuffer Message at `at`: its header type and body length. */
function readMessage(v: DataView, at: number): { type: number; bodyLength: number } {
  const table = at + v.getUint32(at, true);
  const vtable = table - v.getInt32(table, true);
  const vtSize = v.getUint16(vtable, true);
  // Message fields: 0 version, 1 header_type, 2 header, 3 bodyLength, 4 custom_metadata.
  const field = (i: number) => (4 + 2 * i < vtSize ? v.getUint16(vtable + 4 + 2 * i, true) : 0);
  const typeAt = field(1);
  const lenAt = field(3);
  return { type: typeAt ? v.getUint8(table + typeAt) : 0, bodyLength: lenAt ? Number(v.getBigInt64(table + lenAt, true)) : 0 };
}

/** The messages of one whole IPC stream, up to its end marker. */
function messages(buf: Uint8Array): Message[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Message[] = [];
  let o = 0;
  while (o + 4 <= buf.byteLength) {
    let head = 4;
    let len = v.getInt32(o, true);
    if (len === -1) {
      len = v.getInt32(o + 4, true);
      head = 8;
    }
    if (len === 0) break;
    const { type, bodyLength } = readMessage(v, o + head);
    const end = o + head + len + bodyLength;
    if (end > buf.byteLength) throw new ArrowIpcError(`an Arrow message runs past its chunk (${end} > ${buf.byteLength} bytes)`);
    out.push({ start: o, end, type });
    o = end;
  }
  return out;
}

export class ArrowStreamStitcher {
  /** Whether a schema has been written (an empty result sends no chunk, so none). */
  schema = false;

  /** One chunk (a whole IPC stream): the parts of it that go into the stitched stream. */
  push(chunk: Uint8Array): Uint8Array[] {
    const parts: Uint8Array[] = [];
    for (const m of messages(chunk)) {
      if (m.type === HEADER.schema) {
        if (this.schema) continue;
        this.schema = true;
      } else if (m.type !== HEADER.recordBatch && m.type !== HEADER.dictionaryBatch) {
        throw new ArrowIpcError(`unexpected Arrow message type ${m.type} in an ArrowStream chunk`);
      }
      parts.push(chunk.subarray(m.start, m.end));
    }
    return parts;
  }

  /** The end marker. */
  end(): Uint8Array[] {
    return [END];
  }
}
