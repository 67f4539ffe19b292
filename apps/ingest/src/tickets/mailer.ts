/**
 * Ticket e-mails (seed 003): on each stored change, one to each handler with an e-mail address (taken by, verified
 * by, the team; not the person who made the change); and, when the tenant's `emailClient` option is on and the ticket
 * has an e-mail, one to the client when the work is allocated and when it is finalised. Sent by the instance that
 * stored the change, after it is stored; a failed send is logged, never retried into the request.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { STATUS_LABELS, zonedDateTime, type LogLine, type Ticket } from '@callboard/metrics';
import type { UserStore } from '../identity/users.ts';

export interface TicketChange {
  tenant: string;
  ticket: Ticket;
  lines: LogLine[];
  actor: { id: string; name: string };
  /** The status before the change. */
  before: Ticket['status'] | null;
}

export class TicketMailer {
  private readonly transport: Transporter;
  private sending: Promise<unknown> = Promise.resolve();

  constructor(smtpUrl: string, private readonly from: string, private readonly users: UserStore, private readonly log: Logger,
    private readonly optionsOf: (tenant: string) => { timezone: string; emailClient: boolean }) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  notify(change: TicketChange): void {
    this.sending = this.sending.then(() => this.send(change)).catch((err: unknown) => this.log.error({ err, tenant: change.tenant, ticket: change.ticket.id }, 'ticket e-mail failed'));
  }

  async idle(): Promise<void> {
    await this.sending;
  }

  close(): void {
    this.transport.close();
  }

  private async send({ tenant, ticket: t, lines, actor, before }: TicketChange): Promise<void> {
    if (!lines.length) return;
    const { timezone, emailClient } = this.optionsOf(tenant);
    const when = (ms: number | null) => (ms === null ? '—' : zonedDateTime(ms, timezone));
    const what = lines.map((l) => (l.action === 'note' ? `note: ${l.newValue}` : l.action === 'created' ? `opened (${l.newValue})`
      : `${l.field}: ${l.oldValue || '—'} → ${l.newValue || '—'}`)).join('\n');
    const ids = new Set([t.takenBy.id, t.verifiedBy?.id, ...t.team.map((m) => m.id)].filter((x): x is string => !!x && x !== actor.id));
    for (const id of ids) {
      const u = await this.users.get(tenant, id);
      if (!u || u.disabled || !u.email) continue;
      await this.transport.sendMail({
        from: this.from, to: u.email,
        subject: `[${t.id}] ${t.subject} — ${STATUS_LABELS[t.status]}`,
        text: `Ticket ${t.id} (${t.client}, ${t.type}, priority ${t.priority}) was changed by ${actor.name}:\n\n${what}\n\n`
          + `Scheduled: ${when(t.scheduledStart)} – ${when(t.scheduledEnd)}\nTeam: ${t.team.map((m) => m.name).join(', ') || '—'}\n`,
      });
    }
    const milestone = t.status !== before && (t.status === 'allocated' || t.status === 'finalised');
    if (emailClient && t.email && milestone) {
      await this.transport.sendMail({
        from: this.from, to: t.email,
        subject: t.status === 'allocated' ? `Your request ${t.id} is scheduled` : `Your request ${t.id} is completed`,
        text: t.status === 'allocated'
          ? `Dear ${t.contactPerson || t.client},\n\nyour request "${t.subject}" (${t.id}) has been allocated.\nScheduled: ${when(t.scheduledStart)} – ${when(t.scheduledEnd)}.\n${t.address ? `Address: ${[t.address, t.locality, t.region, t.country].filter(Boolean).join(', ')}\n` : ''}`
          : `Dear ${t.contactPerson || t.client},\n\nthe work on your request "${t.subject}" (${t.id}) has been completed on ${when(t.finalisedAt)}.\n`,
      });
    }
  }
}
