/** A local SMTP server (smtp-server) on 127.0.0.1 that keeps every message it accepts: the e-mail tests' inbox. */
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.ts';

export interface Received {
  to: string[];
  /** The whole message as sent (headers, body, attachments in their encoding). */
  body: string;
}

export interface LocalSmtp {
  /** SMTP_URL for the engine. */
  url: string;
  inbox: Received[];
  /** The next `n` messages are refused with 451 (a temporary failure), to see retries. */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<LocalSmtp> {
  const port = await freePort();
  const inbox: Received[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (b: Buffer) => { body += b.toString(); });
      stream.on('end', () => {
        if (refuse > 0) {
          refuse -= 1;
          return done(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        }
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    refuseNext: (n) => { refuse = n; },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
