/**
 * TV bench: a 20-widget wallboard in Chromium under a steady event rate for N minutes; prints JSON with JS heap
 * growth, DOM node counts, frame time p95, JavaScript transferred by the TV page, and time to first numbers.
 * Usage: node --import tsx bench/tv/run.ts [minutes=10] [eventsPerSecond=50]
 */
import { gzipSync } from 'node:zlib';
import { BENCH_BOARD } from './board.ts';
import { startTraffic } from './traffic.ts';
import { ADMIN, client, startEngine } from '../../test/support/web-engine.ts';
import { ensureWebBuild } from '../../test/support/web-build.ts';
import { launchChromium } from '../../test/support/browser.ts';

const minutes = Number(process.argv[2] ?? 10);
const rate = Number(process.argv[3] ?? 50);
const p = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? null; };

const engine = await startEngine({ web: await ensureWebBuild() });
const api = client(engine.url);
// BENCH_ONLY=id,id keeps only those widgets (to find which widget costs what).
const only = process.env.BENCH_ONLY?.split(',');
const board = (await api('POST', 'wallboards', { ...BENCH_BOARD, widgets: BENCH_BOARD.widgets.filter((w) => !only || only.includes(w.id)) })).body;
const display = (await api('POST', 'tokens', { name: 'bench tv', role: 'display', wallboards: [board.id] })).body.token as string;
const traffic = startTraffic({ url: engine.url, token: ADMIN, eventsPerSecond: rate, agents: 30 });
await new Promise((r) => setTimeout(r, 5_000));

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const scripts: string[] = [];
page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(r.url()); });

const t0 = Date.now();
await page.goto(`${engine.url}/tv/${board.id}?token=${encodeURIComponent(display)}`);
await page.waitForFunction(`/^\\d/.test(document.querySelector('[data-widget] .value, [data-widget] svg, [data-widget] table')?.textContent ?? '')`, undefined, { polling: 10, timeout: 15_000 });
const firstNumbersMs = Date.now() - t0;
await page.waitForLoadState('networkidle');

// JavaScript the TV page loaded, as the engine serves it gzip-compressed.
let jsGzip = 0;
let jsRaw = 0;
for (const url of new Set(scripts)) {
  const body = Buffer.from(await (await fetch(url)).arrayBuffer());
  jsRaw += body.length;
  jsGzip += gzipSync(body, { level: 9 }).length;
}

// :NOTE: a string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
await page.evaluate(`(() => {
  window.__frames = [];
  window.__pauses = [];
  let last = performance.now();
  const tick = (t) => { window.__frames.push([t, t - last]); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`);

async function sample() {
  // The forced GC below freezes the page for a moment: frames overlapping it are the bench's, not the app's.
  const from = (await page.evaluate('performance.now()')) as number;
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const dom = await page.evaluate(() => document.getElementsByTagName('*').length);
  await page.evaluate(`window.__pauses.push([${from}, performance.now() + 50])`);
  return { atSeconds: Math.round((Date.now() - t0) / 1000), heapMB: +(m.JSHeapUsedSize / 1048576).toFixed(2), nodes: m.Nodes, domElements: dom, listeners: m.JSEventListeners };
}

const samples = [await sample()];
const end = Date.now() + minutes * 60_000;
while (Date.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(30_000, end - Date.now())));
  samples.push(await sample());
}
const frames = (await page.evaluate(`window.__frames
  .filter(([t, dt]) => !window.__pauses.some(([a, b]) => t - dt < b && t > a))
  .map(([, dt]) => dt)`)) as number[];
const stale = await page.locator('div.tv').getAttribute('data-status');
await browser.close();
await traffic.stop();
await engine.stop();

const settled = samples.slice(1);
const first = settled[0] ?? samples[0];
const lastS = samples[samples.length - 1];
console.log(JSON.stringify({
  minutes, eventsPerSecond: rate, eventsSent: traffic.sent(), widgets: BENCH_BOARD.widgets.length,
  timeToFirstNumbersMs: firstNumbersMs, targetFirstNumbersMs: 1000,
  javascript: { files: new Set(scripts).size, rawKB: +(jsRaw / 1024).toFixed(1), gzipKB: +(jsGzip / 1024).toFixed(1), targetGzipKB: 150 },
  heap: { firstMB: first.heapMB, lastMB: lastS.heapMB, growthMB: +(lastS.heapMB - first.heapMB).toFixed(2), maxMB: Math.max(...samples.map((s) => s.heapMB)) },
  dom: { firstNodes: first.nodes, lastNodes: lastS.nodes, minElements: Math.min(...settled.map((s) => s.domElements)), maxElements: Math.max(...settled.map((s) => s.domElements)) },
  frames: { count: frames.length, p50Ms: +(p(frames, 0.5) ?? 0).toFixed(1), p95Ms: +(p(frames, 0.95) ?? 0).toFixed(1), p99Ms: +(p(frames, 0.99) ?? 0).toFixed(1), maxMs: +Math.max(...frames).toFixed(1) },
  tvStatusAtEnd: stale,
  samples,
}, null, 2));
process.exit(0);
