/**
 * Where a TV's first second goes: opens a wallboard N times (each in a fresh browser context: cold cache, no cookie)
 * under a steady event rate, and prints for each load the time to first numbers (the same test as run.ts) and the
 * page's timeline: the HTML, each script and API request (start → end, ms after navigation), the WebSocket's opening
 * and its first frame, and when the board went live (`liveMs`: the socket's first message, ms after goto).
 * Usage: node --import tsx bench/tv/first-numbers.ts [loads=5] [eventsPerSecond=50] [--agents N=1000] [--board 20|grid]
 *   [--timeline] print every request of each load (else only the summary); [--cpuprofile file] a JS CPU profile of the
 *   last load, navigation to first numbers; [--trace file] a Chromium trace of it (both open in DevTools);
 *   [--web dir] serve that copy of the web build (inside apps/web, to compare builds) instead of building
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_BOARD, GRID_BOARD } from './board.ts';
import { startTraffic } from './traffic.ts';
import { ADMIN, client, startEngine } from '../../test/support/web-engine.ts';
import { ensureWebBuild } from '../../test/support/web-build.ts';
import { launchChromium } from '../../test/support/browser.ts';
import { FIRST_NUMBERS, FIRST_NUMBERS_PROBE } from './probe.ts';

const { values: opt, positionals } = parseArgs({ allowPositionals: true, options: {
  agents: { type: 'string', default: '1000' }, board: { type: 'string', default: 'grid' }, timeline: { type: 'boolean', default: false },
  cpuprofile: { type: 'string' }, trace: { type: 'string' }, web: { type: 'string' },
} });
const loads = Number(positionals[0] ?? 5);
const rate = Number(positionals[1] ?? 50);
const agents = Number(opt.agents);
const BOARD = opt.board === 'grid' ? GRID_BOARD : BENCH_BOARD;

const engine = await startEngine({ web: opt.web ?? await ensureWebBuild() });
const api = client(engine.url);
const board = (await api('POST', 'wallboards', BOARD)).body;
const display = (await api('POST', 'tokens', { name: 'bench tv', role: 'display', wallboards: [board.id] })).body.token as string;
const traffic = startTraffic({ url: engine.url, token: ADMIN, eventsPerSecond: rate, agents });
while (traffic.sent() < agents) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 5_000));

const browser = await launchChromium();
const results = [];
for (let i = 0; i < loads; i++) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  const page = await context.newPage();
  const events: { what: string; from: number; to?: number }[] = [];
  const open = new Map<unknown, (typeof events)[number]>();
  let t0 = 0;
  const at = () => Date.now() - t0;
  page.on('request', (r) => {
    const e = { what: `${r.method()} ${r.resourceType()} ${new URL(r.url()).pathname.replace(/^\/_app\/immutable\//, '')}`, from: at() };
    events.push(e);
    open.set(r, e);
  });
  page.on('requestfinished', (r) => { const e = open.get(r); if (e) e.to = at(); });
  const last = i === loads - 1;
  const cdp = (opt.cpuprofile || opt.trace) && last ? await context.newCDPSession(page) : null;
  if (cdp && opt.cpuprofile) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
  const traceEvents: object[] = [];
  if (cdp && opt.trace) {
    cdp.on('Tracing.dataCollected', (e: { value: object[] }) => { traceEvents.push(...e.value); });
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8.execute', 'disabled-by-default-devtools.timeline.frame'] } } as never);
  }
  // In the page's own clock (ms after navigation start): the WebSocket's creation, opening and first message.
  // And the first frame whose DOM has the numbers (a rendering step, so about when they are painted).
  await page.addInitScript(FIRST_NUMBERS_PROBE);
  await page.addInitScript(`(() => {
    const W = window.WebSocket;
    window.__ws = {};
    window.WebSocket = class extends W {
      constructor(...a) {
        super(...a);
        window.__ws.created ??= performance.now();
        this.addEventListener('open', () => { window.__ws.open ??= performance.now(); });
        this.addEventListener('message', (e) => { if (window.__ws.message === undefined) { window.__ws.message = performance.now(); window.__ws.kb = String(e.data).length / 1024; } });
      }
    };
  })()`);
  t0 = Date.now();
  // :NOTE: not waiting for the load event: a page rendered on the server shows its numbers before its scripts ran.
  await page.goto(`${engine.url}/tv/${board.id}?token=${encodeURIComponent(display)}`, { waitUntil: 'commit' });
  await page.waitForFunction(`/^\\d/.test(document.querySelector(${JSON.stringify(FIRST_NUMBERS)})?.textContent ?? '')`, undefined, { polling: 10, timeout: 15_000 });
  const firstNumbersMs = at();
  await page.waitForLoadState('load');
  const loadEvent = at();
  await page.waitForFunction('window.__ws.message !== undefined', undefined, { polling: 10, timeout: 15_000 });
  const inPage = await page.evaluate(`(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const r = performance.getEntriesByType('resource');
    const end = (f) => Math.round(Math.max(0, ...r.filter(f).map((e) => e.responseEnd)));
    const start = (f) => Math.round(Math.min(...r.filter(f).map((e) => e.startTime)));
    return {
      timeOrigin: performance.timeOrigin, redirectEnd: Math.round(n.redirectEnd), html: Math.round(n.responseEnd), domContentLoaded: Math.round(n.domContentLoadedEventEnd),
      scriptsEnd: end((e) => e.initiatorType === 'script' || e.initiatorType === 'link' && e.name.endsWith('.js')),
      apiStart: start((e) => e.name.includes('/api/')), apiEnd: end((e) => e.name.includes('/api/')),
      api: r.filter((e) => e.name.includes('/api/')).map((e) => new URL(e.name).pathname + ' ' + Math.round(e.startTime) + '→' + Math.round(e.responseEnd)),
      ws: Object.fromEntries(Object.entries(window.__ws).map(([k, v]) => [k, Math.round(v)])),
      firstNumbers: Math.round(window.__firstNumbers),
      now: Math.round(performance.now()),
    };
  })()`) as Record<string, unknown>;
  if (cdp && opt.cpuprofile) writeFileSync(opt.cpuprofile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  if (cdp && opt.trace) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    writeFileSync(opt.trace, JSON.stringify({ traceEvents }));
  }
  const navigationStartAfterGoto = Math.round((inPage.timeOrigin as number) - t0);
  results.push({
    // The first frame with the numbers in its DOM, by the page's clock; the Node side's poll sees them later when the
    // page's main thread is busy (parsing, running its code), as it is just then.
    firstNumbersMs: navigationStartAfterGoto + (inPage.firstNumbers as number),
    firstNumbersPolledMs: firstNumbersMs,
    // The socket's first message (its snapshot): the page's code is running and the board is live.
    liveMs: navigationStartAfterGoto + (inPage.ws as { message: number }).message,
    loadEvent, scripts: events.filter((e) => e.what.includes(' script ')).length,
    // The page's clock starts at the navigation (the token redirect included), this long after goto().
    inPage: { ...inPage, timeOrigin: undefined, navigationStartAfterGoto },
    load1: +loadavg()[0].toFixed(2),
    ...(opt.timeline ? { timeline: events.map((e) => `${String(e.from).padStart(5)} → ${String(e.to ?? '').padStart(5)}  ${e.what}`) } : {}),
  });
  await context.close();
}
await browser.close();
await traffic.stop();
await engine.stop();
const summary = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};
console.log(JSON.stringify({
  board: opt.board, agents, eventsPerSecond: rate, web: opt.web ?? 'apps/web/build',
  firstNumbersMs: summary(results.map((r) => r.firstNumbersMs)), liveMs: summary(results.map((r) => r.liveMs)), loads: results,
}, null, 2));
process.exit(0);
