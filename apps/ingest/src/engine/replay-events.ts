/**
 * The stored events a restart replays, in the order they were first applied (seq, then id): every
 * event stamped since `fromMs` (yesterday's start: what the live reducer and the deduper hold),
 * merged with the late data applied within `lateWindowMs` of the newest stored event (what a
 * backfill reducer may still hold open, whatever day it is stamped).
 */
import type { Repository } from '../store/repository.ts';

export interface ReplayRow {
  seq: number;
  id: string;
  payload: string;
}

const PAGE = 50_000;

export async function* replayEvents(repo: Repository, tenant: string, fromMs: number, lateWindowMs: number, now = Date.now()): AsyncGenerator<ReplayRow> {
  // Late data: what was applied within the window before the newest stored event (found once, not per page).
  const fromSeq = Math.max(0, (await repo.lastSeq(tenant, now - 86_400_000)) - lateWindowMs * 1000);
  yield* merge(
    pages((seq, id) => repo.eventsPage(tenant, fromMs, seq, id, PAGE)),
    pages((seq, id) => repo.lateEventsPage(tenant, fromMs, fromSeq, seq, id, PAGE)),
  );
}

async function* pages(fetch: (afterSeq: number, afterId: string) => Promise<ReplayRow[]>): AsyncGenerator<ReplayRow> {
  let seq = -1;
  let id = '';
  for (;;) {
    const page = await fetch(seq, id);
    yield* page;
    if (page.length < PAGE) return;
    ({ seq, id } = page[page.length - 1]);
  }
}

/** Two (seq, id)-ordered streams as one; they never share a row (one has ts ≥ from, the other ts < from). */
async function* merge(a: AsyncGenerator<ReplayRow>, b: AsyncGenerator<ReplayRow>): AsyncGenerator<ReplayRow> {
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && before(x.value, y.value))) {
      yield x.value;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

const before = (p: ReplayRow, q: ReplayRow) => p.seq < q.seq || (p.seq === q.seq && p.id < q.id);
