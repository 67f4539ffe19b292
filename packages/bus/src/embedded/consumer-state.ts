/** Durable delivery state of one embedded consumer: an append-only text log of acks and delivery marks, compacted by write-and-rename. */
import fs from 'node:fs';
import { BusError } from '../errors.ts';

// One record per line (a line torn by a crash is ignored):
//   S <floor> <deliveredHigh>   snapshot: every seq <= floor is done; resets what came before
//   A <ranges>                  acked or termed seqs, e.g. "A 5-9 12"
//   D <deliveredHigh>           highest seq ever delivered
//   R <seq> <count>             a redelivery: delivery count of a still-unacked seq

/** Inclusive range of sequences. */
export type Range = [number, number];

export interface RestoredState {
  floor: number;
  /** Acked seqs above the floor, as sorted, disjoint ranges. */
  acked: Range[];
  deliveredHigh: number;
  /** Delivery counts (> 1) of unacked seqs. */
  counts: Map<number, number>;
}

export class ConsumerStateFile {
  private fd = -1;
  private bytes = 0;

  constructor(readonly file: string) {}

  get size(): number {
    return this.bytes;
  }

  load(): RestoredState {
    const state: RestoredState = { floor: 0, acked: [], deliveredHigh: 0, counts: new Map() };
    if (!fs.existsSync(this.file)) return state;
    const text = fs.readFileSync(this.file, 'utf8');
    const end = text.lastIndexOf('\n');
    const ranges: Range[] = [];
    for (const line of text.slice(0, end + 1).split('\n')) {
      if (!line) continue;
      const f = line.split(' ');
      switch (f[0]) {
        case 'S':
          state.floor = Number(f[1]);
          state.deliveredHigh = Number(f[2]);
          ranges.length = 0;
          state.counts.clear();
          break;
        case 'A':
          for (let i = 1; i < f.length; i++) ranges.push(parseRange(f[i]));
          break;
        case 'D':
          state.deliveredHigh = Math.max(state.deliveredHigh, Number(f[1]));
          break;
        case 'R':
          state.counts.set(Number(f[1]), Number(f[2]));
          break;
        default:
          throw new BusError('BUS_CORRUPT', `unknown record "${line.slice(0, 40)}" in ${this.file}`);
      }
    }
    state.acked = normalise(ranges, state);
    // An R line is always written before the ack of the same seq, so dropping acked counts at the end is exact.
    for (const seq of state.counts.keys()) if (seq <= state.floor || inRanges(state.acked, seq)) state.counts.delete(seq);
    return state;
  }

  /** Replaces the file with `text` (a snapshot) and appends after it from now on. */
  rewrite(text: string): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.file);
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
    this.bytes = Buffer.byteLength(text);
  }

  append(text: string): void {
    if (!text) return;
    fs.writeSync(this.fd, text);
    this.bytes += text.length;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** "5-9 12" for [5,6,7,8,9,12]; input sorted ascending. */
export function encodeRanges(seqs: Iterable<number>): string {
  const out: string[] = [];
  let lo = -1;
  let hi = -1;
  for (const s of seqs) {
    if (s === hi + 1 && lo >= 0) {
      hi = s;
      continue;
    }
    if (lo >= 0) out.push(lo === hi ? `${lo}` : `${lo}-${hi}`);
    lo = hi = s;
  }
  if (lo >= 0) out.push(lo === hi ? `${lo}` : `${lo}-${hi}`);
  return out.join(' ');
}

function parseRange(s: string): Range {
  const dash = s.indexOf('-');
  return dash < 0 ? [Number(s), Number(s)] : [Number(s.slice(0, dash)), Number(s.slice(dash + 1))];
}

function inRanges(ranges: Range[], seq: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (seq < ranges[mid][0]) hi = mid - 1;
    else if (seq > ranges[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Sorts and merges ranges, and moves the floor over those that touch it. */
function normalise(ranges: Range[], state: RestoredState): Range[] {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of ranges) {
    if (r[1] <= state.floor) continue;
    const lo = Math.max(r[0], state.floor + 1);
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([lo, r[1]]);
  }
  while (out.length > 0 && out[0][0] === state.floor + 1) state.floor = out.shift()![1];
  return out;
}
