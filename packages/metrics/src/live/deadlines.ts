/** The reducer's timers: (time, leg or agent) deadlines, popped in time order. */
import { byTime, Heap } from '../heap.ts';

export interface Deadline {
  at: number;
  kind: 'leg' | 'agent';
  key: string;
}

export class Deadlines {
  private readonly heap = new Heap<Deadline>(byTime);

  get size(): number {
    return this.heap.size;
  }

  push(d: Deadline): void {
    this.heap.push(d);
  }

  /** The earliest deadline at or before `now`, removed; undefined when none is due. */
  popDue(now: number): Deadline | undefined {
    const top = this.heap.peek();
    return top !== undefined && top.at <= now ? this.heap.pop() : undefined;
  }
}
