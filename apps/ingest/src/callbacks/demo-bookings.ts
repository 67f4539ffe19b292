/**
 * The demo's agents working the callback backlog: with the traffic simulator on, every `everyMs` a
 * few open requests are booked through the real service (the same compare-and-set step as a person's
 * "Book"), by an actor named after a demo agent, held for `holdMs`, then given a call attempt
 * (no answer / busy) and released, or only released — so the Assign Call screen of `npm start` shows
 * "booked by" and "num recalled". Deterministic: oldest missed call first, agents and outcomes in
 * turn. Off when the simulator is off (start.ts creates it only then).
 */
import type { Logger } from 'pino';
import { isBooked, type Actor, type CallbackRequest } from '@callboard/metrics';
import type { CallbackService } from './service.ts';

export interface DemoBookingOptions {
  tenant: string;
  /** Demo agents' login names ("anna.rossi"): the actors who book, in turn. */
  agents: readonly string[];
  /** Real ms between rounds; 0: no timer (tests call tick()). Default 20 s. */
  everyMs?: number;
  /** How long a booking is held before its attempt or release, ms. Default 90 s. */
  holdMs?: number;
  /** Bookings held at once, at most. Default 3. */
  maxHeld?: number;
}

interface Held { actor: Actor; until: number }

/** "anna.rossi" → "Anna Rossi". */
export function demoAgentName(login: string): string {
  return login.split(/[._-]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

export class DemoBookings {
  private readonly held = new Map<string, Held>();
  private readonly everyMs: number;
  private readonly holdMs: number;
  private readonly maxHeld: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** Turn counters: which agent books next, which way the next hold ends. */
  private agentTurn = 0;
  private endTurn = 0;
  readonly counts = { booked: 0, attempts: 0, released: 0, refused: 0 };

  constructor(private readonly callbacks: CallbackService, private readonly opts: DemoBookingOptions, private readonly log: Logger) {
    this.everyMs = opts.everyMs ?? 20_000;
    this.holdMs = opts.holdMs ?? 90_000;
    this.maxHeld = opts.maxHeld ?? 3;
  }

  start(): void {
    if (this.timer || this.everyMs <= 0 || this.opts.agents.length === 0) return;
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round at `now`: holds past their time end (attempt and release, or release), then new bookings up to maxHeld. */
  tick(now = Date.now()): Promise<void> {
    this.running = this.running.then(() => this.round(now)).catch((err: unknown) => this.log.warn({ err }, 'demo bookings round failed'));
    return this.running;
  }

  private async round(now: number): Promise<void> {
    const { tenant } = this.opts;
    for (const [id, h] of [...this.held]) {
      if (h.until > now) continue;
      this.held.delete(id);
      const turn = this.endTurn++;
      // Two holds in three end with a call attempt (no answer, busy in turn); the third is released untried.
      if (turn % 3 !== 2) {
        const outcome = turn % 2 === 0 ? 'no_answer' : 'busy';
        if (await this.try(() => this.callbacks.step(tenant, id, (at) => ({ kind: 'attempt', at, by: h.actor, outcome, note: 'demo: called back, no reply' })))) this.counts.attempts++;
      }
      if (await this.try(() => this.callbacks.step(tenant, id, (at) => ({ kind: 'release', at, by: h.actor })))) this.counts.released++;
    }
    const settings = this.callbacks.settings(tenant);
    // Demo agents work the queues' missed calls only: a campaign's entries are for the agents assigned to it.
    const free = (r: CallbackRequest) => r.campaign === null && r.status === 'open' && !r.hidden && r.assignedTo === null && !isBooked(r, Date.now()) && !this.held.has(r.id)
      && r.numRecalled < settings.maxAttempts && (r.lastRecalled === null || r.lastRecalled + settings.minAttemptDelayMs <= Date.now());
    const pool = this.callbacks.list(tenant).map((s) => s.request).filter(free)
      .sort((a, b) => a.lastCall - b.lastCall || (a.id < b.id ? -1 : 1));
    for (const r of pool) {
      if (this.held.size >= this.maxHeld) break;
      const login = this.opts.agents[this.agentTurn++ % this.opts.agents.length];
      const actor: Actor = { id: `demo:${login}`, name: demoAgentName(login), supervisor: false };
      if (await this.try(() => this.callbacks.step(tenant, r.id, (at) => ({ kind: 'book', at, by: actor })))) {
        this.held.set(r.id, { actor, until: now + this.holdMs });
        this.counts.booked++;
      }
    }
  }

  /** A step that may be refused (closed by a call meanwhile, booked by a person first): true when it went through. */
  private async try(step: () => Promise<unknown>): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (err) {
      this.counts.refused++;
      this.log.debug({ err }, 'demo booking step refused');
      return false;
    }
  }
}
