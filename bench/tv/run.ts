/**
 * TV bench: a wallboard in Chromium under a steady event rate for N minutes; prints JSON with JS heap (after forced
 * GC, at the end of warm-up and at the end), DOM node counts, frame time (the main-thread work each frame took, from a
 * Chromium trace: see frames.ts) and the rAF interval at 60 Hz, JavaScript transferred by the TV page, and time to
 * first numbers.
 * Usage: node --import tsx bench/tv/run.ts [minutes=10] [eventsPerSecond=50]
 *   [--agents N=30] agents in the centre; [--board 20|grid] the 20-widget board or a full-width agents grid;
 *   [--warmup M=2] minutes before the heap baseline; [--heap-diff] heap snapshots at warm-up and end, the
 *   constructors that grew; [--no-trace] no tracing (no frame time; the rAF interval only).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { BENCH_BOARD, GRID_BOARD } from './board.ts';
import { heapCounts, heapGrowth, type HeapCounts } from './heap.ts';
import { startTraffic } from './traffic.ts';
import { quantiles, traceFrames } from './frames.ts';
import { ADMIN, client, startEngine } from '../../test/support/web-engine.ts';
import { ensureWebBuild } from '../../test/support/web-build.ts';
import { launchChromium } from '../../test/support/browser.ts';
import { FIRST_NUMBERS, FIRST_NUMBERS_PROBE, FIRST_NUMBERS_READ } from './probe.ts';

const { values: opt, positionals } = parseArgs({ allowPositionals: true, options: {
  agents: { type: 'string', default: '30' }, board: { type: 'string', default: '20' }, warmup: { type: 'string', default: '2' },
  'heap-diff': { type: 'boolean', default: false }, 'no-trace': { type: 'boolean', default: false },
} });
const minutes = Number(positionals[0] ?? 10);
const rate = Number(positionals[1] ?? 50);
const agents = Number(opt.agents);
const warmupMinutes = Math.min(Number(opt.warmup), minutes / 2);
const BOARD = opt.board === 'grid' ? GRID_BOARD : BENCH_BOARD;

const engine = await startEngine({ web: await ensureWebBuild() });
const api = client(engine.url);
// BENCH_ONLY=id,id keeps only those widgets (to find which widget costs what).
const only = process.env.BENCH_ONLY?.split(',');
const board = (await api('POST', 'wallboards', { ...BOARD, widgets: BOARD.widgets.filter((w) => !only || only.includes(w.id)) })).body;
const display = (await api('POST', 'tokens', { name: 'bench tv', role: 'display', wallboards: [board.id] })).body.token as string;
const traffic = startTraffic({ url: engine.url, token: ADMIN, eventsPerSecond: rate, agents });
// The TV opens on a running centre: every agent logged in, calls flowing for a few seconds.
while (traffic.sent() < agents) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 5_000));

const browser = await launchChromium();
// :NOTE: the page's CSP forbids eval, which Playwright's string predicates use: the bench's own probes bypass it.
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const scripts: string[] = [];
page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(r.url()); });

await page.addInitScript(FIRST_NUMBERS_PROBE);
const t0 = Date.now();
// :NOTE: not waiting for the load event: a page rendered on the server shows its numbers before its scripts ran.
await page.goto(`${engine.url}/tv/${board.id}?token=${encodeURIComponent(display)}`, { waitUntil: 'commit' });
await page.waitForFunction(`/^\\d/.test(document.querySelector(${JSON.stringify(FIRST_NUMBERS)})?.textContent ?? '')`, undefined, { polling: 10, timeout: 15_000 });
const polledFirstNumbersMs = Date.now() - t0;
await page.waitForLoadState('networkidle');
// From goto to the first frame with numbers, in the page's clock (probe.ts), plus the navigation's start after goto.
const probe = await page.evaluate(FIRST_NUMBERS_READ) as { firstNumbers: number; timeOrigin: number };
const firstNumbersMs = Math.round(probe.timeOrigin - t0 + probe.firstNumbers);

// JavaScript the TV page loaded, as the engine serves it gzip-compressed.
let jsGzip = 0;
let jsRaw = 0;
for (const url of new Set(scripts)) {
  const body = Buffer.from(await (await fetch(url)).arrayBuffer());
  jsRaw += body.length;
  jsGzip += gzipSync(body, { level: 9 }).length;
}

// :NOTE: a string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
// Frame intervals go into a fixed histogram (0.1 ms bins, the last one "2 s or more"), not an array: an array of a
// few million frames is itself a heap drift (~60 small arrays a second: ~1.5 MB per 10 minutes).
// Frames overlapping one of the bench's forced-GC pauses [__pauseFrom, __pauseTo) are the bench's, not the app's.
await page.evaluate(`(() => {
  window.__hist = new Uint32Array(20001);
  window.__frameMax = 0;
  window.__pauseFrom = Infinity;
  window.__pauseTo = -Infinity;
  // The loop stops while the bench traces frames (window.__rafStop / __rafStart): a rAF at every vsync is a frame
  // the page would not have made. The first interval after a (re)start is not one.
  let last = NaN;
  let running = true;
  let stop = false;
  window.__rafStop = () => { stop = true; };
  window.__rafStart = () => { stop = false; if (!running) { running = true; last = NaN; requestAnimationFrame(tick); } };
  const tick = (t) => {
    if (stop) { running = false; return; }
    const dt = t - last;
    last = t;
    if (dt === dt && !(t > window.__pauseFrom && t - dt < window.__pauseTo)) {
      window.__hist[Math.min(20000, Math.round(dt * 10))]++;
      window.__frameMax = Math.max(window.__frameMax, dt);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`);
const pauseFrom = () => page.evaluate('window.__pauseFrom = performance.now(); window.__pauseTo = Infinity');
const pauseTo = () => page.evaluate('window.__pauseTo = performance.now() + 50');

async function sample() {
  // The forced GC below freezes the page for a moment: frames overlapping it are the bench's, not the app's.
  await pauseFrom();
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
  await pauseTo();
  return { atSeconds: Math.round((Date.now() - t0) / 1000), busy: { task: m.TaskDuration, script: m.ScriptDuration, layout: m.LayoutDuration, style: m.RecalcStyleDuration }, heapMB: +(m.JSHeapUsedSize / 1048576).toFixed(2), nodes: m.Nodes, domElements: dom, listeners: m.JSEventListeners };
}

async function snapshot(): Promise<HeapCounts> {
  await pauseFrom();
  const counts = await heapCounts(cdp);
  await pauseTo();
  return counts;
}

const samples = [await sample()];
const start = Date.now();
const end = start + minutes * 60_000;
const warm = start + warmupMinutes * 60_000;
let warmSample: Awaited<ReturnType<typeof sample>> | null = null;
let warmCounts: HeapCounts | null = null;
// Frame time: the page is traced between samples (never across a forced GC), and each frame's main-thread work kept.
const frameWork: number[] = [];
const frameCpu: number[] = [];
const renderWork: number[] = [];
const frameKinds: Record<string, number>[] = [];
let tracedMs = 0;
while (Date.now() < end) {
  const next = warmSample ? end : warm;
  const wait = Math.max(0, Math.min(30_000, next - Date.now(), end - Date.now()));
  // BENCH_CPUPROFILE=file.cpuprofile: a JS CPU profile of the page over the first window (its frames then carry the
  // profiler's cost too), to open in DevTools.
  const profile = process.env.BENCH_CPUPROFILE && samples.length === 1;
  if (profile) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 250 }); await cdp.send('Profiler.start'); }
  if (opt['no-trace'] || wait < 3_000) await new Promise((r) => setTimeout(r, wait));
  else {
    // Two thirds of the time frames are traced (the rAF loop paused), the last third the rAF intervals are counted.
    await page.evaluate('window.__rafStop()');
    const f = await traceFrames(cdp, Math.round(wait * 2 / 3));
    await page.evaluate('window.__rafStart()');
    await new Promise((r) => setTimeout(r, wait - Math.round(wait * 2 / 3)));
    frameWork.push(...f.work);
    frameCpu.push(...f.cpu);
    renderWork.push(...f.render);
    frameKinds.push(...f.kinds);
    tracedMs += f.spanMs;
  }
  if (profile) writeFileSync(process.env.BENCH_CPUPROFILE!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  const s = await sample();
  samples.push(s);
  if (!warmSample && Date.now() >= warm) {
    warmSample = s;
    if (opt['heap-diff']) warmCounts = await snapshot();
  }
}
const growth = warmCounts ? heapGrowth(warmCounts, await snapshot()) : undefined;
const hist = (await page.evaluate('Array.from(window.__hist)')) as number[];
const frameMax = (await page.evaluate('window.__frameMax')) as number;
const frameCount = hist.reduce((a, b) => a + b, 0);
/** The q-quantile of the frame intervals, ms (to the histogram's 0.1 ms). */
const pct = (q: number) => { let n = 0; for (let i = 0; i < hist.length; i++) if ((n += hist[i]) > q * frameCount) return i / 10; return null; };
function meanKinds(ks: Record<string, number>[]) {
  const sum: Record<string, number> = {};
  for (const k of ks) for (const [n, v] of Object.entries(k)) sum[n] = (sum[n] ?? 0) + v;
  return Object.fromEntries(Object.entries(sum).sort((a, b) => b[1] - a[1]).map(([n, v]) => [n, +(v / (ks.length || 1)).toFixed(2)]));
}
const stale = await page.locator('div.tv').getAttribute('data-status');
await browser.close();
await traffic.stop();
await engine.stop();

const settled = samples.slice(1);
const first = settled[0] ?? samples[0];
const lastS = samples[samples.length - 1];
const warmS = warmSample ?? first;
const [load1, load5, load15] = loadavg().map((x) => +x.toFixed(2));
console.log(JSON.stringify({
  minutes, eventsPerSecond: rate, eventsSent: traffic.sent(), board: opt.board, widgets: board.widgets.length, agents,
  loadAverageAtEnd: { load1, load5, load15 }, cores: cpus().length,
  timeToFirstNumbersMs: firstNumbersMs, targetFirstNumbersMs: 1000, firstNumbersPolledByPlaywrightMs: polledFirstNumbersMs,
  javascript: { files: new Set(scripts).size, rawKB: +(jsRaw / 1024).toFixed(1), gzipKB: +(jsGzip / 1024).toFixed(1), targetGzipKB: 150 },
  // All after a forced GC. "Flat" is judged from the end of warm-up (caches filled, the day's buckets loaded).
  heap: {
    firstMB: first.heapMB, afterWarmupMB: warmS.heapMB, warmupMinutes, lastMB: lastS.heapMB,
    growthAfterWarmupMB: +(lastS.heapMB - warmS.heapMB).toFixed(2), maxMB: Math.max(...samples.map((s) => s.heapMB)),
    ...(growth ? { grewMost: growth } : {}),
  },
  dom: { firstNodes: first.nodes, lastNodes: lastS.nodes, minElements: Math.min(...settled.map((s) => s.domElements)), maxElements: Math.max(...settled.map((s) => s.domElements)) },
  // Main-thread time of the page (script, style, layout, paint, GC), ms per second of the run: what a frame costs,
  // independent of the 60 Hz rAF clock that makes an interval never shorter than 16.7 ms.
  mainThreadMsPerSecond: Object.fromEntries(Object.keys(first.busy).map((k) => [k, +((lastS.busy[k as keyof typeof lastS.busy] - samples[0].busy[k as keyof typeof lastS.busy]) * 1000 / ((lastS.atSeconds - samples[0].atSeconds) || 1)).toFixed(1)])),
  // Frame time: main-thread work per frame (tasks since the previous frame + this frame's rendering), from the trace.
  ...(frameWork.length ? { frameTime: {
    measure: 'main-thread busy time inside each frame the page made (Chromium AnimationFrame trace events), wall clock',
    ...quantiles(frameWork), tracedSeconds: +(tracedMs / 1000).toFixed(1), framesPerSecond: +(frameWork.length / ((tracedMs / 1000) || 1)).toFixed(1), target: 'p95 < 16 ms',
    framesOver16Ms: frameWork.filter((x) => x >= 16).length, framesOver50Ms: frameWork.filter((x) => x >= 50).length,
    // The same frames in main-thread CPU time: what the frame cost, less the time other processes held the core.
    cpu: quantiles(frameCpu),
    renderingTaskAlone: quantiles(renderWork),
    // Mean ms per frame by kind, over all frames and over the slowest 5 % (where the p95 comes from).
    meanByKindMs: meanKinds(frameKinds),
    slowest5PctMeanByKindMs: meanKinds(frameKinds.map((k, i) => [frameWork[i], k] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.ceil(frameKinds.length / 20))).map(([, k]) => k)),
  } } : {}),
  // Interval between requestAnimationFrame callbacks (a rAF loop the bench runs when not tracing: a third of the
  // time): at 60 Hz vsync never under 16.7 ms; says whether frames were dropped (33.3 = one missed), not how long a
  // frame took to make.
  rafInterval60Hz: { count: frameCount, p50Ms: pct(0.5), p95Ms: pct(0.95), p99Ms: pct(0.99), maxMs: +frameMax.toFixed(1) },
  tvStatusAtEnd: stale,
  samples: samples.map(({ busy: _, ...rest }) => rest),
}, null, 2));
process.exit(0);
