/**
 * The Asterisk Manager Interface wire format: a banner line ("Asterisk Call Manager/5.0.x"), then
 * messages of "Key: Value" lines ended by an empty line. Keys may repeat (Variable), so a message
 * is a list of pairs; `get` reads the first value of a key, case-insensitively as Asterisk does.
 */

/** One AMI message (an action, a response or an event), in wire order. */
export type AmiFields = [key: string, value: string][];

export class AmiMessage {
  constructor(readonly fields: AmiFields) {}

  get(key: string): string | undefined {
    const k = key.toLowerCase();
    return this.fields.find(([f]) => f.toLowerCase() === k)?.[1];
  }

  all(key: string): string[] {
    const k = key.toLowerCase();
    return this.fields.filter(([f]) => f.toLowerCase() === k).map(([, v]) => v);
  }
}

/** A value that would break the framing (CR, LF) and so inject fields or actions of its own. */
export class AmiFieldError extends Error {
  readonly code = 'AMI_BAD_FIELD';
  constructor(key: string) {
    super(`AMI field ${key} holds a line break`);
    this.name = 'AmiFieldError';
  }
}

/** An action as bytes: "Key: Value\r\n" per field, then "\r\n". */
export function formatMessage(fields: AmiFields): string {
  let out = '';
  for (const [key, value] of fields) {
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) throw new AmiFieldError(key);
    out += `${key}: ${value}\r\n`;
  }
  return `${out}\r\n`;
}

/** Incremental reader: feed socket chunks, get the banner once and then whole messages. */
export class AmiParser {
  private buffer = '';
  banner: string | null = null;

  /** Messages completed by this chunk (the banner is read first and kept in `banner`). */
  feed(chunk: string): AmiMessage[] {
    this.buffer += chunk;
    if (this.banner === null) {
      const eol = this.buffer.indexOf('\n');
      if (eol < 0) return [];
      this.banner = this.buffer.slice(0, eol).replace(/\r$/, '');
      this.buffer = this.buffer.slice(eol + 1);
    }
    const out: AmiMessage[] = [];
    // :NOTE: Asterisk ends lines with CRLF; a bare LF is accepted too (hand-typed sessions, proxies).
    for (let end = findEnd(this.buffer); end; end = findEnd(this.buffer)) {
      const block = this.buffer.slice(0, end.at);
      this.buffer = this.buffer.slice(end.at + end.length);
      const fields: AmiFields = [];
      for (const line of block.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      }
      if (fields.length) out.push(new AmiMessage(fields));
    }
    return out;
  }
}

function findEnd(buffer: string): { at: number; length: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return null;
  if (lf < 0 || (crlf >= 0 && crlf < lf)) return { at: crlf, length: 4 };
  return { at: lf, length: 2 };
}
