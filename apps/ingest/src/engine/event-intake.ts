/**
 * The engine's door: one bus message is decoded, parsed and validated (shape and time bounds),
 * checked against its subject's tenant and the configured tenants, and comes out either accepted
 * (the event, its text as received, its tenant's state) or refused with a reason — a dead letter.
 * Whatever the engine does with an accepted message runs `isolated`: an exception makes that one
 * message a dead letter carrying the error, and the batch goes on.
 */
import { Subjects } from '@callboard/nats';
import { validateLine, type CallEvent } from '@callboard/metrics';
import type { Logger } from 'pino';
import type { BusMessage } from '@callboard/bus';
import { deadLetter } from '../dead-letters/writer.ts';
import type { DeadLetterRow } from '../store/rows.ts';
import type { TenantState } from './tenant-state.ts';

export type Intake =
  | { ok: true; ev: CallEvent; text: string; state: TenantState }
  | { ok: false; tenant: string; reason: string };

/** Bus messages remembered as dead-lettered by this process. */
const DEAD_REFS_KEPT = 10_000;
const dec = new TextDecoder();

export class EventIntake {
  /** Bus messages (DeadLetterRow.ref) dead-lettered by this process, oldest first. */
  private readonly deadRefs = new Set<string>();

  constructor(
    /** How far ahead of `now` an event's ts may lie, ms. */
    private readonly maxSkewMs: number,
    /** The tenant's state, made on its first event; undefined for a tenant not configured. */
    private readonly stateFor: (tenant: string) => TenantState | undefined,
    /** Takes each dead letter (into the pending batch: stored and acked with it). */
    private readonly onDead: (row: DeadLetterRow) => void,
    private readonly log: Logger,
  ) {}

  read(msg: BusMessage, now: number): Intake {
    const subjectTenant = Subjects.tenantOf(msg.subject);
    const text = dec.decode(msg.data);
    const v = validateLine(text, { now, maxSkewMs: this.maxSkewMs });
    if (!v.ok) return { ok: false, tenant: subjectTenant, reason: v.reason };
    const ev = v.event;
    if (ev.tenant !== subjectTenant) return { ok: false, tenant: subjectTenant, reason: `tenant ${ev.tenant} does not match subject ${msg.subject}` };
    const state = this.stateFor(ev.tenant);
    if (!state) return { ok: false, tenant: ev.tenant, reason: `tenant ${ev.tenant} is not configured` };
    return { ok: true, ev, text, state };
  }

  /** Runs `work` for one message; an exception makes the message a dead letter carrying the error, and goes no further. */
  isolated(msg: BusMessage, now: number, work: () => void): void {
    try {
      work();
    } catch (err) {
      this.log.error({ err, subject: msg.subject, seq: msg.seq }, 'event failed in the engine: dead-lettered');
      try {
        this.refuse(msg, Subjects.tenantOf(msg.subject), `engine error: ${(err as Error)?.message ?? String(err)}`, now);
      } catch (deadErr) {
        this.log.error({ err: deadErr, subject: msg.subject, seq: msg.seq }, 'could not dead-letter the failed event: dropped');
      }
    }
  }

  /**
   * Makes a refused message a dead letter, unless this process dead-lettered it already: a
   * redelivery (nats-server < 2.10.14 can deliver again after the ack) is not a second dead letter;
   * storage skips one dead-lettered before a restart (by `ref`).
   */
  refuse(msg: BusMessage, tenant: string, reason: string, now: number): void {
    const ref = `${msg.seq}@${msg.timestamp}`;
    if (this.deadRefs.has(ref)) return;
    this.deadRefs.add(ref);
    if (this.deadRefs.size > DEAD_REFS_KEPT) this.deadRefs.delete(this.deadRefs.values().next().value!);
    this.onDead(deadLetter({ tenant, source: msg.subject, reason, payload: dec.decode(msg.data), ref }, now));
  }
}
