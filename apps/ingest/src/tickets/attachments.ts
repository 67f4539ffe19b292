/**
 * Ticket attachments on disk: <data>/tickets/<tenant>/<ticketId>/<attachmentId>, written by streaming the upload
 * with a size limit (the partial file is removed when it is exceeded), read back as a stream. The path is made
 * only from the tenant slug and ids the API validated, never from the file's own name.
 */
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The attachments' directory under the data directory (the backup copies it too). */
export const ATTACHMENTS_DIR = 'tickets';

export class AttachmentTooLargeError extends Error {
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(limit: number) {
    super(`the file is larger than ${Math.round(limit / 1024 / 1024 * 10) / 10} MB, the most a ticket attachment may be`);
    this.name = 'AttachmentTooLargeError';
  }
}

export class AttachmentStore {
  constructor(private readonly root: string) {}

  private file(tenant: string, ticketId: string, id: string): string {
    return path.join(this.root, tenant, ticketId, id);
  }

  /** Streams `body` to a new attachment file; returns its id and size. */
  async save(tenant: string, ticketId: string, body: Readable, maxBytes: number): Promise<{ id: string; size: number }> {
    const id = randomBytes(8).toString('hex');
    const file = this.file(tenant, ticketId, id);
    await mkdir(path.dirname(file), { recursive: true });
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > maxBytes ? new AttachmentTooLargeError(maxBytes) : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(file, { flags: 'wx' }));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
    return { id, size };
  }

  /** The stored file as a stream, or null when it is missing. */
  async open(tenant: string, ticketId: string, id: string): Promise<ReadStream | null> {
    const file = this.file(tenant, ticketId, id);
    try {
      await stat(file);
    } catch {
      return null;
    }
    return createReadStream(file);
  }

  /** Removes a file whose ticket step failed (never listed on the ticket). */
  async remove(tenant: string, ticketId: string, id: string): Promise<void> {
    await rm(this.file(tenant, ticketId, id), { force: true });
  }
}
