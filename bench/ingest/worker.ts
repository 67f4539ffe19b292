/**
 * One leg of bench/ingest, in its own process (one embedded ClickHouse per process):
 *   --mode raw-insert   bare ClickHouse inserts (10k-event batches): the event rows; every row the engine writes
 *   --mode prefill      publish N events into the embedded bus at --data (or NATS at --nats), then a bare consumer's rate
 *   --mode engine       the engine drains them into live state + ClickHouse; then latency at a steady 5k/s
 *   --mode publish      (spawned by engine on NATS) publish at --rate for --warmup + --seconds
 * Prints one JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { defaultTenantSettings, TenantLive, validateEvent, type CallEvent, type Emitted } from '@callboard/metrics';
import { Consumers, Streams, Subjects } from '@callboard/nats';
import { generateEvents } from '../../apps/ingest/src/simulator/index.ts';
import { createBus, type EventBus } from '@callboard/bus';
import { loadConfig } from '../../apps/ingest/src/config.ts';
import { start, zoneWhereItIs } from '../../apps/ingest/src/start.ts';
import { createClickHouse } from '../../apps/ingest/src/store/clickhouse.ts';
import { migrate } from '../../apps/ingest/src/store/migrate.ts';
import { createRepository } from '../../apps/ingest/src/store/repository.ts';
import { eventLine, TsvLines } from '../../apps/ingest/src/store/rows.ts';

const { values: args } = parseArgs({ options: { mode: { type: 'string' }, nats: { type: 'string' }, data: { type: 'string' }, count: { type: 'string', default: '1000000' }, rate: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '20' }, warmup: { type: 'string', default: '5' }, run: { type: 'string' } } });
const N = Number(args.count);
const TENANT = 'demo';
const enc = new TextEncoder();

let peakRss = 0;
let peakHeap = 0;
const rssTimer = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
}, 50);
const mb = (b: number) => Math.round(b / 1048576);

/** N simulator events (a busy centre: scale 200), stamped over the last ~40 hours so they count as recent. */
function events(n: number, fromMs: number): CallEvent[] {
  const out: CallEvent[] = [];
  for (const input of generateEvents({ tenant: TENANT, count: n, fromMs, scale: 200, seed: 42 })) {
    const v = validateEvent(input);
    if (v.ok) out.push(v.event);
  }
  return out;
}

async function prefill(bus: EventBus, evs: CallEvent[]): Promise<number> {
  await bus.ensureStream(Streams.events);
  const t0 = performance.now();
  for (let i = 0; i < evs.length; i += 2000) {
    await Promise.all(evs.slice(i, i + 2000).map((ev) =>
      bus.publish(Subjects.events(ev.tenant, ev.type), enc.encode(JSON.stringify(ev)), { msgId: `${ev.tenant}:${ev.id}` })));
  }
  return evs.length / ((performance.now() - t0) / 1000);
}

/** A bare durable consumer over the same messages, configured as the engine's: fetch, ack, nothing else. */
async function rawConsume(bus: EventBus, n: number): Promise<number> {
  const c = await bus.consumer({ ...Consumers.engine, name: 'raw-bench', filterSubject: Subjects.allEvents });
  const t0 = performance.now();
  let got = 0;
  while (got < n) {
    const msgs = await c.fetch(10_000, 1000);
    // One cumulative ack on the highest sequence, as the engine acks a batch.
    let last = msgs[0];
    for (const m of msgs) if (m.seq > last.seq) last = m;
    last?.ack();
    got += msgs.length;
  }
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Bare ClickHouse inserts, 10k events a batch, encoding included: (a) the events' rows alone; (b) every
 * row the engine writes for them — events, plus the call facts and agent intervals the reducer emits
 * (computed beforehand, not timed). Returns rows/s for (a) and events/s for (b).
 */
async function rawInsert(evs: CallEvent[]) {
  const { client } = createClickHouse({ dataDir: mkdtempSync(join(tmpdir(), 'cb-bench-raw-')) });
  await migrate(client);
  const repo = createRepository(client);
  let t0 = performance.now();
  for (let i = 0; i < evs.length; i += 10_000) await repo.insertEvents(TsvLines.of(evs.slice(i, i + 10_000).map((ev, j) => eventLine(ev, i + j + 1, 396))));
  const eventRowsPerSec = evs.length / ((performance.now() - t0) / 1000);

  const live = new TenantLive(TENANT, defaultTenantSettings('Europe/Rome'));
  const batches: Emitted[] = [];
  for (let i = 0; i < evs.length; i += 10_000) {
    for (const ev of evs.slice(i, i + 10_000)) {
      live.advance(ev.ts);
      live.apply(ev, ev.ts);
    }
    if (i + 10_000 >= evs.length) live.flush();
    batches.push(live.drain());
  }
  // One data directory per process: the second run starts from empty tables instead.
  await client.command({ query: 'TRUNCATE TABLE events' });
  const keep = () => 396;
  let rows = 0;
  t0 = performance.now();
  for (let b = 0, i = 0; i < evs.length; b++, i += 10_000) {
    await repo.insertEvents(TsvLines.of(evs.slice(i, i + 10_000).map((ev, j) => eventLine(ev, i + j + 1, 396))));
    await repo.insertFacts(batches[b].facts, keep);
    await repo.insertIntervals(batches[b].intervals, keep);
    rows += Math.min(10_000, evs.length - i) + batches[b].facts.length + batches[b].intervals.length;
  }
  const allRowsEventsPerSec = evs.length / ((performance.now() - t0) / 1000);
  await client.close();
  return { rawInsertRowsPerSec: Math.round(eventRowsPerSec), rawInsertAllRowsEventsPerSec: Math.round(allRowsEventsPerSec), rowsPerEvent: +(rows / evs.length).toFixed(2) };
}

/**
 * Publishes simulator events at `rate` events/s; ids `lat-<run>-<i>_<send time, epoch ms>`. A failed
 * publish is counted, not fatal (the publisher carries on, as an adapter would). Returns failures and
 * how long the stream took to confirm a publish (a stalled server shows here first).
 */
async function publishAtRate(bus: EventBus, rate: number, seconds: number, runId: string): Promise<PublisherReport> {
  const live = events(rate * seconds, Date.now() - 1000);
  const tStart = performance.now();
  const step = rate / 50;
  const pending: Promise<unknown>[] = [];
  const ackMs: number[] = [];
  let failed = 0;
  for (let i = 0; i < live.length; i += step) {
    const wait = tStart + (i / rate) * 1000 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    live.slice(i, i + step).forEach((e, j) => {
      const ev = { ...e, id: `lat-${runId}-${i + j}_${(performance.timeOrigin + performance.now()).toFixed(2)}` };
      const t = performance.now();
      pending.push(bus.publish(Subjects.events(ev.tenant, ev.type), enc.encode(JSON.stringify(ev)), { msgId: `${ev.tenant}:${ev.id}` })
        .then(() => { ackMs.push(performance.now() - t); }, () => { failed++; }));
    });
  }
  await Promise.all(pending);
  ackMs.sort((a, b) => a - b);
  return { failed, ackP99Ms: +(quantile(ackMs, 0.99) ?? 0).toFixed(1), ackMaxMs: +(ackMs[ackMs.length - 1] ?? 0).toFixed(1) };
}

interface PublisherReport { failed: number; ackP99Ms: number; ackMaxMs: number }

const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Fill the stream with N events and measure a bare consumer on them (its own process: its memory is not the engine's). */
async function prefillRun(natsUrl: string | undefined, dataDir: string) {
  const evs = events(N, Date.now() - 40 * 3600_000);
  const bus = await createBus({ NATS_URL: natsUrl, dataDir });
  const publishRate = await prefill(bus, evs);
  const rawConsumeRate = await rawConsume(bus, evs.length);
  await bus.close();
  return { mode: 'prefill', events: evs.length, publishPerSec: Math.round(publishRate), rawConsumePerSec: Math.round(rawConsumeRate) };
}

/** The engine drains the pre-filled stream into live state and ClickHouse, then takes a steady rate for latency. */
async function engineRun(natsUrl: string | undefined, dataDir: string, total: number) {
  // The backlog spans the last ~40 h. In a zone where it is 17:00 now, "yesterday" began ~41 h ago,
  // so all of it lies within the engine's in-memory dedupe horizon whatever the hour of the run
  // (in Europe/Rome, at 02:00 a third of it was older and took the re-import path, checked
  // against storage: the figures then depended on the time of day).
  const base = { CALLBOARD_TIMEZONE: zoneWhereItIs(17, Date.now()), CALLBOARD_DATA: dataDir, CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', CALLBOARD_BATCH_SIZE: process.env.BATCH ?? '10000', CALLBOARD_FLUSH_MS: '250', LOG_LEVEL: 'warn', PORT: '0', CALLBOARD_BOOTSTRAP_TOKEN: 'bench-token-0123456789', ...(natsUrl ? { NATS_URL: natsUrl } : {}) };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const running = await start(loadConfig(base));
  const { engine, stats, ch } = running.services;
  const applied = async () => (await stats.events.get()).values.reduce((s, v) => s + v.value, 0);
  let liveAt = 0;
  for (;;) {
    const n = await applied();
    if (!liveAt && n >= total) liveAt = performance.now();
    if (liveAt && (await engine.lag()) === 0) {
      const stored = Number((await (await ch.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' })).json<{ n: string }>())[0].n);
      if (stored >= total) break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const doneAt = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const drainRss = peakRss;
  const drainHeap = peakHeap;

  // Latency at a steady rate: publish → visible in live state. Each event's id carries its send time
  // (epoch ms), so the publisher can be another process: on NATS it is, as a PBX adapter would be;
  // the embedded bus lives in the engine's process, so there the publisher shares its event loop.
  // The first `warmup` seconds are not measured: the first live events move the reducer's clock
  // from the backlog's time (a day and more ago) to now, and the timers of that gap settle at once.
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  const warmup = Number(args.warmup);
  const runId = Date.now().toString(36);
  const prefix = `lat-${runId}-`;
  const measured = new Set<number>();
  const lat: number[] = [];
  engine.onApplied = (ev) => {
    if (!ev.id.startsWith(prefix)) return;
    const [i, sentAt] = ev.id.slice(prefix.length).split('_').map(Number);
    if (i < rate * warmup || measured.has(i)) return;
    measured.add(i);
    lat.push(performance.timeOrigin + performance.now() - sentAt);
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const loopStart = setTimeout(() => loop.enable(), warmup * 1000);
  let publisher: PublisherReport;
  if (natsUrl) {
    publisher = await new Promise<PublisherReport>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--mode', 'publish', '--nats', natsUrl,
        '--rate', String(rate), '--seconds', String(seconds), '--warmup', String(warmup), '--run', runId], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`publisher exited with ${code}`))));
    });
  } else {
    publisher = await publishAtRate(running.services.bus, rate, warmup + seconds, runId);
  }
  const expected = rate * seconds;
  const until = performance.now() + 5000;
  while (lat.length < expected && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
  clearTimeout(loopStart);
  loop.disable();
  lat.sort((a, b) => a - b);
  await running.stop();
  return {
    mode: natsUrl ? 'nats' : 'embedded', events: total,
    engineEventsPerSec: Math.round(total / ((doneAt - t0) / 1000)),
    liveEventsPerSec: Math.round(total / ((liveAt - t0) / 1000)),
    latencyAtRate: { rate, seconds, warmupSeconds: warmup, publisher: natsUrl ? 'another process' : 'in the engine process', samples: lat.length, lost: expected - lat.length, p50Ms: +quantile(lat, 0.5).toFixed(1), p99Ms: +quantile(lat, 0.99).toFixed(1), maxMs: +lat[lat.length - 1].toFixed(1),
      // How long the engine's event loop was blocked at a time (its share of the latency).
      eventLoopDelayP99Ms: +(loop.percentile(99) / 1e6).toFixed(1), eventLoopDelayMaxMs: +(loop.max / 1e6).toFixed(1),
      // Publishes that failed, and how long the stream took to confirm one.
      publishFailed: publisher.failed, publishAckP99Ms: publisher.ackP99Ms, publishAckMaxMs: publisher.ackMaxMs },
    // CPU the engine process used while draining (all its threads: JS, ClickHouse, GC), per event.
    engineCpuMicrosPerEvent: { user: +(cpu.user / total).toFixed(1), system: +(cpu.system / total).toFixed(1) },
    rssMiB: { peakDuringDrain: mb(drainRss), peak: mb(peakRss), jsHeapPeakDuringDrain: mb(drainHeap) },
  };
}

if (args.mode === 'publish') {
  const bus = await createBus({ NATS_URL: args.nats, dataDir: mkdtempSync(join(tmpdir(), 'cb-bench-pub-')) });
  const report = await publishAtRate(bus, Number(args.rate), Number(args.warmup) + Number(args.seconds), args.run!);
  await bus.close();
  console.log(JSON.stringify(report));
  process.exit(0);
}

const result = args.mode === 'raw-insert'
  ? { mode: 'raw-insert', rows: N, ...(await rawInsert(events(N, Date.now() - 40 * 3600_000))) }
  : args.mode === 'prefill'
    ? await prefillRun(args.nats, args.data!)
    : await engineRun(args.nats, args.data!, N);
clearInterval(rssTimer);
console.log(JSON.stringify(result));
process.exit(0);
