/**
 * An e-mail per new missed call to each user who opted in and may see the request (agents: their
 * queues; supervisors and admins: all). Sent by the instance that stored the step, after it is
 * stored; a failed send is logged, never retried into the engine's path.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { zonedDateTime, type CallbackRequest } from '@callboard/metrics';
import type { UserStore } from '../identity/users.ts';
import type { Principal } from '../identity/roles.ts';
import { maySee } from './access.ts';
import type { CallbackPreferenceStore } from './preferences.ts';

export class MissedCallMailer {
  private readonly transport: Transporter;
  /** Sends in flight (tests and shutdown wait for them). */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(smtpUrl: string, private readonly from: string, private readonly users: UserStore, private readonly prefs: CallbackPreferenceStore, private readonly log: Logger,
    /** The tenant's IANA timezone: the e-mail says its times in it. */
    private readonly timezoneOf: (tenant: string) => string = () => 'UTC') {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  notify(tenant: string, r: CallbackRequest): void {
    this.sending = this.sending.then(() => this.send(tenant, r)).catch((err: unknown) => this.log.error({ err, tenant, request: r.id }, 'missed-call e-mail failed'));
  }

  async idle(): Promise<void> {
    await this.sending;
  }

  close(): void {
    this.transport.close();
  }

  private async send(tenant: string, r: CallbackRequest): Promise<void> {
    for (const id of await this.prefs.emailRecipients(tenant)) {
      const u = await this.users.get(tenant, id);
      if (!u || u.disabled || !u.email) continue;
      const p: Principal = { tenant, role: u.roles[0], roles: u.roles, subject: u.id, kind: 'session', user: { id: u.id, login: u.login, name: u.name, extension: u.extension, queues: u.queues } };
      // :NOTE: e-mails are about a queue's missed calls, never campaign entries: no campaign directory needed.
      if (!maySee(p, r, { get: () => undefined })) continue;
      const tz = this.timezoneOf(tenant);
      await this.transport.sendMail({
        from: this.from, to: u.email,
        subject: `Missed call from ${r.caller} (${r.queue})`,
        text: `${r.caller} called ${r.queue} at ${zonedDateTime(r.lastCall, tz)} and was not answered.\n`
          + `Calls missed from this caller: ${r.numCalls}${r.numCalls > 1 ? ` (first at ${zonedDateTime(r.firstCall, tz)})` : ''}.\n`
          + `Callback request ${r.id}: book it in callboard before calling back.\n`,
      });
    }
  }
}
