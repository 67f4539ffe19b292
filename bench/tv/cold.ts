/**
 * A TV just switched on: each load launches a fresh Chromium (new profile, nothing cached, no renderer running) and
 * opens the wallboard, as bench/tv/run.ts times it: from `goto` to the first frame whose DOM has a widget value
 * starting with a digit (probe.ts; Playwright's own polling is printed beside it). Beside that figure it prints the page's own navigation timing (ms after the navigation started: the token
 * redirect, the HTML's request, first byte and end, first contentful paint), how long after `goto` the navigation
 * started at all (the browser's own start of its first page), and how long launching Chromium took.
 * Usage: node --import tsx bench/tv/cold.ts [loads=5] [eventsPerSecond=50] [--agents 1000] [--board grid|20] [--trace file]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BENCH_BOARD, GRID_BOARD } from './board.ts';
import { startTraffic } from './traffic.ts';
import { ADMIN, client, startEngine } from '../../test/support/web-engine.ts';
import { ensureWebBuild } from '../../test/support/web-build.ts';
import { launchChromium } from '../../test/support/browser.ts';
import { FIRST_NUMBERS, FIRST_NUMBERS_PROBE, FIRST_NUMBERS_READ } from './probe.ts';

const { values: opt, positionals } = parseArgs({ allowPositionals: true, options: {
  agents: { type: 'string', default: '1000' }, board: { type: 'string', default: 'grid' }, trace: { type: 'string' },
} });
const loads = Number(positionals[0] ?? 5);
const rate = Number(positionals[1] ?? 50);
const agents = Number(opt.agents);
const BOARD = opt.board === 'grid' ? GRID_BOARD : BENCH_BOARD;

const engine = await startEngine({ web: await ensureWebBuild() });
const api = client(engine.url);
const board = (await api('POST', 'wallboards', BOARD)).body;
const display = (await api('POST', 'tokens', { name: 'bench tv', role: 'display', wallboards: [board.id] })).body.token as string;
const traffic = startTraffic({ url: engine.url, token: ADMIN, eventsPerSecond: rate, agents });
while (traffic.sent() < agents) await new Promise((r) => setTimeout(r, 200));
await new Promise((r) => setTimeout(r, 5_000));

const round = (x: number) => Math.round(x);
const results = [];
for (let i = 0; i < loads; i++) {
  const l0 = Date.now();
  const browser = await launchChromium();
  const launchMs = Date.now() - l0;
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  await page.addInitScript(FIRST_NUMBERS_PROBE);
  // --trace file: a Chromium trace of the last load (open it in DevTools' Performance panel)
  const cdp = opt.trace && i === loads - 1 ? await page.context().newCDPSession(page) : null;
  const traceEvents: object[] = [];
  if (cdp) {
    cdp.on('Tracing.dataCollected', (e: { value: object[] }) => { traceEvents.push(...e.value); });
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8.execute', 'blink', 'cc', 'gpu', 'viz', 'disabled-by-default-devtools.timeline.frame'] } } as never);
  }
  const t0 = Date.now();
  await page.goto(`${engine.url}/tv/${board.id}?token=${encodeURIComponent(display)}`, { waitUntil: 'commit' });
  await page.waitForFunction(`/^\\d/.test(document.querySelector('${FIRST_NUMBERS}')?.textContent ?? '')`, undefined, { polling: 10, timeout: 15_000 });
  const polledMs = Date.now() - t0;
  await page.waitForLoadState('load');
  const probe = await page.evaluate(FIRST_NUMBERS_READ) as { firstNumbers: number; timeOrigin: number };
  // from goto to the first frame with numbers: the navigation's start after goto, plus the frame's time in the page
  const firstNumbersMs = round(probe.timeOrigin - t0 + probe.firstNumbers);
  const nav = await page.evaluate(`(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { originWallMs: performance.timeOrigin, redirectEnd: n.redirectEnd, requestStart: n.requestStart, responseStart: n.responseStart,
      responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, fcp: fcp ? fcp.startTime : null,
      htmlKB: n.encodedBodySize / 1024,
      resources: performance.getEntriesByType('resource').filter((r) => r.startTime < (fcp ? fcp.startTime : 1e9))
        .map((r) => new URL(r.name).pathname.split('/').pop() + ' ' + r.initiatorType + (r.renderBlockingStatus === 'blocking' ? ' BLOCKING ' : ' ') + Math.round(r.startTime) + '→' + Math.round(r.responseEnd)) };
  })()`) as Record<string, number>;
  if (cdp) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    writeFileSync(opt.trace!, JSON.stringify({ traceEvents }));
  }
  await browser.close();
  results.push({
    load: i + 1, launchMs, firstNumbersMs, firstNumbersInPage: round(probe.firstNumbers), polledByPlaywrightMs: polledMs,
    // from goto (Node) to the navigation's start in the page's clock (timeOrigin is wall-clock ms)
    navigationStartAfterGotoMs: round(nav.originWallMs - t0),
    page: { redirectEnd: round(nav.redirectEnd), requestStart: round(nav.requestStart), responseStart: round(nav.responseStart), responseEnd: round(nav.responseEnd),
      firstContentfulPaint: nav.fcp === null ? null : round(nav.fcp), domContentLoaded: round(nav.domContentLoaded), load: round(nav.load) },
    htmlKB: +nav.htmlKB.toFixed(1), resourcesBeforeFirstPaint: nav.resources,
    load1: +loadavg()[0].toFixed(2),
  });
  console.error(JSON.stringify(results.at(-1)));
}
await traffic.stop();
await engine.stop();

const sorted = results.map((r) => r.firstNumbersMs).sort((a, b) => a - b);
console.log(JSON.stringify({
  date: new Date().toISOString(), board: opt.board, agents, eventsPerSecond: rate, loads,
  firstNumbersMs: { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) }, target: 1000, results,
}, null, 2));
