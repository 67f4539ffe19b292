/**
 * The ticket service: tickets in the KV bucket Buckets.tickets, one key per ticket, changed only by compare-and-set
 * on the key's revision; numbers claimed by creating the ticket's key (numbering.ts in @callboard/metrics), so no
 * gap and no duplicate across engine instances. Every stored change appends its operation-log lines (at the
 * tenant's log level) and a snapshot of the ticket to ClickHouse, and e-mails the handlers (and, at allocation and
 * finalisation, the client). Every tenant's tickets are kept in memory from a KV watch for lists and live metrics.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { z } from 'zod';
import { Buckets, TicketKeys } from '@callboard/nats';
import { KvConflictError, type EventBus, type Kv } from '@callboard/bus';
import {
  createTicket, dayWindow, firstCandidate, liveTickets, logLines, nextFigureChange, Ticket, ticketId, ticketSettings, type LiveTickets,
  type LogLine, type NewTicket, type Person, type TicketSettings, type TicketStepResult,
} from '@callboard/metrics';
import { TicketViews } from '@callboard/api';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { UserStore } from '../identity/users.ts';
import { jsonCodec, KvCollection } from '../kv/kv-collection.ts';
import { AttachmentStore } from './attachments.ts';
import { TicketBusyError, TicketRefusedError } from './errors.ts';
import { logRows, TicketLogStore } from './log-store.ts';
import { TicketMailer } from './mailer.ts';

export interface StoredTicket {
  ticket: Ticket;
  /** KV revision: the compare-and-set token. */
  revision: number;
}

export interface TicketServiceOptions {
  /** Attachments live under this directory (<CALLBOARD_DATA>/tickets). */
  attachmentsDir: string;
  historyDelayMs?: number;
  /** E-mails to handlers and clients (SMTP_URL); absent: none sent. */
  mail?: { smtpUrl: string; from: string; users: UserStore };
}

const Counter = z.object({ last: z.number().int().min(0) });
type Counter = z.infer<typeof Counter>;
/** Compare-and-set retries before a change gives up with 409. */
const MAX_CAS_TRIES = 50;
/** Numbers tried past the counter before a creation gives up (a counter far behind is raised by each success). */
const MAX_PROBES = 10_000;

export class TicketService {
  private readonly byTenant = new Map<string, Map<string, StoredTicket>>();
  private unwatch: (() => void) | null = null;
  readonly history: TicketLogStore;
  readonly attachments: AttachmentStore;
  readonly mailer: TicketMailer | null;
  readonly counts = { casRetries: 0, numberProbes: 0 };
  /** Bumped per tenant on every change of its tickets in memory. */
  private readonly versions = new Map<string, number>();
  /** Per tenant the live figures last computed, and when they go stale. */
  private readonly live = new Map<string, { version: number; dayStart: number; dayEnd: number; staleAfter: number | null; seq: number; figures: LiveTickets }>();
  private readonly tickets: KvCollection<Ticket, [string, string], [string]>;
  private readonly counters: KvCollection<Counter, [string, string], [string]>;
  private readonly views: KvCollection<TicketViews, [string, string], [string]>;

  private constructor(kv: Kv, ch: ClickHouseClient, private readonly tenants: TenantRegistry, private readonly log: Logger, options: TicketServiceOptions) {
    this.tickets = new KvCollection(kv, TicketKeys.ticket, jsonCodec(Ticket));
    this.counters = new KvCollection(kv, TicketKeys.counter, jsonCodec(Counter));
    this.views = new KvCollection(kv, TicketKeys.views, jsonCodec(TicketViews));
    this.history = new TicketLogStore(ch, log, options.historyDelayMs);
    this.attachments = new AttachmentStore(options.attachmentsDir);
    this.mailer = options.mail
      ? new TicketMailer(options.mail.smtpUrl, options.mail.from, options.mail.users, log, (t) => ({ timezone: this.timezone(t), emailClient: this.settings(t).emailClient }))
      : null;
  }

  static async open(deps: { bus: EventBus; ch: ClickHouseClient; tenants: TenantRegistry; log: Logger }, options: TicketServiceOptions): Promise<TicketService> {
    const svc = new TicketService(await deps.bus.kv(Buckets.tickets), deps.ch, deps.tenants, deps.log, options);
    // Watch first, then load: a change during the load is applied by revision, whichever comes second.
    svc.unwatch = await svc.tickets.kv.watch((e) => {
      if (e.value === null || !TicketKeys.ticket.parse(e.key)) return;
      try {
        svc.remember(Ticket.parse(JSON.parse(new TextDecoder().decode(e.value))), e.revision);
      } catch (err) {
        svc.log.warn({ err, key: e.key }, 'a ticket in KV does not hold a valid value: ignored');
      }
    });
    for (const key of await svc.tickets.kv.keys()) {
      if (!TicketKeys.ticket.parse(key)) continue;
      const s = await svc.tickets.atKey(key).get().catch(() => null);
      if (s) svc.remember(s.value, s.revision);
    }
    // A crash between a KV change and its insert leaves ClickHouse a version behind: store the tickets' current state.
    try {
      const behind = await svc.history.restoreMissing([...svc.byTenant.values()].flatMap((m) => [...m.values()]));
      if (behind) svc.log.warn({ tickets: behind }, 'ticket snapshots missing after an interrupted write: stored again');
    } catch (err) {
      svc.log.warn({ err }, 'ticket snapshots not checked against ClickHouse (unreachable?): a change lost in a crash stays missing until the ticket changes again');
    }
    return svc;
  }

  settings(tenant: string): TicketSettings {
    return ticketSettings(this.tenants.get(tenant)?.settings.tickets);
  }

  timezone(tenant: string): string {
    return this.tenants.get(tenant)?.settings.timezone ?? 'UTC';
  }

  /** Today (YYYY-MM-DD) in the tenant's timezone. */
  today(tenant: string, now = Date.now()): string {
    return dayWindow(now, this.timezone(tenant)).day;
  }

  get(tenant: string, id: string): StoredTicket | undefined {
    return this.byTenant.get(tenant)?.get(id);
  }

  list(tenant: string): StoredTicket[] {
    return [...(this.byTenant.get(tenant)?.values() ?? [])];
  }

  /**
   * Creates a ticket in `series` with the next free number: starts after the series' counter and creates the
   * ticket's key, trying the next number while the key exists (another instance took it). Then raises the counter.
   */
  async create(tenant: string, series: string, make: (id: string, number: number, at: number) => Omit<NewTicket, 'id' | 'number' | 'at'>, actor: Person): Promise<StoredTicket> {
    const counter = this.counters.at(tenant, series);
    let n = firstCandidate((await counter.get())?.value.last ?? 0);
    for (let probes = 0; ; probes++, n++) {
      if (probes > MAX_PROBES) throw new TicketBusyError(`series ${series}`);
      const id = ticketId(series, n);
      const at = Date.now();
      const { ticket, lines } = createTicket({ ...make(id, n, at), id, number: n, at });
      let revision: number;
      try {
        revision = await this.tickets.at(tenant, id).create(ticket);
      } catch (err) {
        if (err instanceof KvConflictError) { this.counts.numberProbes++; continue; }
        throw err;
      }
      await this.raiseCounter(tenant, series, n);
      return this.stored(tenant, { ticket, revision }, lines, actor, null);
    }
  }

  /** The counter only grows: to max(counter, n), by compare-and-set. */
  private async raiseCounter(tenant: string, series: string, n: number): Promise<void> {
    const counter = this.counters.at(tenant, series);
    for (let tries = 0; tries < MAX_CAS_TRIES; tries++) {
      const c = await counter.get();
      if (c && c.value.last >= n) return;
      try {
        if (c) await counter.update({ last: n }, c.revision);
        else await counter.create({ last: n });
        return;
      } catch (err) {
        if (err instanceof KvConflictError) continue;
        throw err;
      }
    }
    // :NOTE: only a hint: a counter left behind costs the next creation a few probes, never a gap or duplicate.
    this.log.warn({ tenant, series, n }, 'ticket counter not raised (busy)');
  }

  /**
   * Applies a change by compare-and-set: read the ticket and its revision, run the pure step, write only if the
   * revision is unchanged; on a conflict read again and re-run. `expect`: refuse (409) unless the ticket is still
   * at that revision (an edit made on what the person saw).
   */
  async change(tenant: string, id: string, step: (t: Ticket, now: number) => TicketStepResult, actor: Person, expect?: number): Promise<StoredTicket> {
    const record = this.tickets.at(tenant, id);
    for (let tries = 0; tries < MAX_CAS_TRIES; tries++) {
      const entry = await record.get();
      if (!entry) throw new TicketRefusedError('CONFLICT', `no ticket ${id}`);
      if (expect !== undefined && entry.revision !== expect) throw new TicketRefusedError('CONFLICT', `ticket ${id} was changed by someone else since you opened it: reload it and try again`);
      const out = step(entry.value, Date.now());
      if (!out.ok) throw new TicketRefusedError(out.code, out.message, out.field);
      if (out.ticket === entry.value || !out.lines.length) return { ticket: entry.value, revision: entry.revision };
      let revision: number;
      try {
        revision = await record.update(out.ticket, entry.revision);
      } catch (err) {
        if (err instanceof KvConflictError) { this.counts.casRetries++; continue; }
        throw err;
      }
      return this.stored(tenant, { ticket: out.ticket, revision }, out.lines, actor, entry.value.status);
    }
    throw new TicketBusyError(`ticket ${id}`);
  }

  /** After a write: memory, the operation log and snapshot, the e-mails. */
  private stored(tenant: string, s: StoredTicket, lines: LogLine[], actor: Person, before: Ticket['status'] | null): StoredTicket {
    this.remember(s.ticket, s.revision);
    const kept = logLines(lines, this.settings(tenant).logLevel);
    this.history.append(s.ticket, s.revision, logRows(s.ticket, s.revision, kept, s.ticket.updatedAt, actor));
    this.mailer?.notify({ tenant, ticket: s.ticket, lines, actor, before });
    return s;
  }

  private remember(t: Ticket, revision: number): void {
    let m = this.byTenant.get(t.tenant);
    if (!m) this.byTenant.set(t.tenant, (m = new Map()));
    const have = m.get(t.id);
    if (have && have.revision >= revision) return;
    m.set(t.id, { ticket: t, revision });
    this.versions.set(t.tenant, (this.versions.get(t.tenant) ?? 0) + 1);
  }

  /**
   * The live snapshot's ticket figures (catalogue metrics tickets_*): opened, finalised and time to finalise over
   * [start of today in the tenant's timezone, now), backlog and overdue now; the same figures GET /metrics computes
   * by SQL for that window. Recomputed only when a ticket changed, the day rolled over, or a moment passed at which
   * they change by themselves (a scheduled end: overdue).
   */
  liveFigures(tenant: string, now: number): LiveTickets {
    return this.liveState(tenant, now).figures;
  }

  /** Bumped whenever liveFigures may answer differently: the live hub sends the figures then. */
  liveVersion(tenant: string, now: number): number {
    return this.liveState(tenant, now).seq;
  }

  private liveState(tenant: string, now: number) {
    const version = this.versions.get(tenant) ?? 0;
    const c = this.live.get(tenant);
    if (c && c.version === version && now >= c.dayStart && now < c.dayEnd && (c.staleAfter === null || now <= c.staleAfter)) return c;
    const day = dayWindow(now, this.timezone(tenant));
    const tickets = this.list(tenant).map((s) => s.ticket);
    const next = {
      version, dayStart: day.start, dayEnd: day.end, staleAfter: nextFigureChange(tickets, now), seq: (c?.seq ?? 0) + 1,
      figures: liveTickets(tickets, day.start, now),
    };
    this.live.set(tenant, next);
    return next;
  }

  // ---- saved views (per user) ----

  async savedViews(tenant: string, userId: string): Promise<TicketViews> {
    return (await this.views.at(tenant, userId).get())?.value ?? { views: [] };
  }

  async saveViews(tenant: string, userId: string, views: TicketViews): Promise<TicketViews> {
    await this.views.at(tenant, userId).put(views);
    return views;
  }

  async close(): Promise<void> {
    this.unwatch?.();
    this.unwatch = null;
    await this.history.close();
    await this.mailer?.idle();
    this.mailer?.close();
  }
}
