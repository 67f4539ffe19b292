/** Who calls: fresh and regular callers, and the missed callers who redial or get called back. */
import { createCallerFactory } from './phone-numbers.ts';
import type { Rng } from './prng.ts';

const REGULARS = 150;
const MAX_MISSED = 1000;

export interface MissedCaller {
  number: string;
  /** Callback attempts already made. */
  attempts: number;
}

export class CallerPool {
  private readonly factory;
  private readonly regularPhones: string[] = [];
  private readonly regularChats: string[] = [];
  /** Unserved callers in the order they were missed (a Map keeps insertion order), one entry per caller. */
  private readonly missed = new Map<string, MissedCaller>();

  constructor(private readonly rng: Rng, timezone: string) {
    this.factory = createCallerFactory(rng, timezone);
  }

  /** A caller for a new contact: mostly new numbers, some regular customers (natural repeat callers). */
  next(chat: boolean): string {
    const regulars = chat ? this.regularChats : this.regularPhones;
    if (this.rng.chance(0.12)) {
      if (regulars.length < REGULARS) regulars.push(chat ? this.factory.chatHandle() : this.factory.phone());
      return this.rng.pick(regulars);
    }
    return chat ? this.factory.chatHandle() : this.factory.phone();
  }

  /** Remember an unserved caller (phone numbers only: a chat handle cannot be called back). */
  markMissed(caller: string, attempts = 0): void {
    if (!caller.startsWith('+') || this.missed.has(caller)) return;
    if (this.missed.size >= MAX_MISSED) this.missed.delete(this.missed.keys().next().value as string);
    this.missed.set(caller, { number: caller, attempts });
  }

  /** The caller was served (answered inbound or reached by a callback). */
  served(caller: string): void {
    this.missed.delete(caller);
  }

  /** Take the oldest missed caller for a callback, if any. */
  takeOldestMissed(): MissedCaller | undefined {
    const first = this.missed.values().next().value;
    if (first) this.missed.delete(first.number);
    return first;
  }

  get missedCount(): number {
    return this.missed.size;
  }
}
