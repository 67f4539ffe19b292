/**
 * The TV read from across the room, in real Chromium against a real engine under traffic: every widget kind at its
 * default size (and the demo's overview board) at 1920×1080 and 3840×2160. No visible text under 24 px at 1080p
 * (48 px at 4K), nothing overflowing its widget, no number cut, the gauge's value clear of its arc.
 * Screenshots go to /tmp/tv-shots/ for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newWidget, type Widget, type WidgetKind } from '@callboard/widgets';
import { launchChromium } from './support/browser.ts';
import { ensureWebBuild } from './support/web-build.ts';
import { ADMIN, client, startEngine } from './support/web-engine.ts';
import { looksNumeric, measureWidgets, type WidgetReport } from './support/tv-measure.ts';
import { startTraffic, type Traffic } from '../bench/tv/traffic.ts';

const SHOTS = '/tmp/tv-shots/';
let engine: Awaited<ReturnType<typeof startEngine>>;
let browser: Browser;
let traffic: Traffic;
let token = '';
const boards: string[] = ['overview'];

/** A widget of a kind at its default size (and default options), placed at x, y; `rest` overrides bindings only. */
const at = (kind: WidgetKind, id: string, x: number, y: number, rest: Partial<Widget> = {}) => ({ ...newWidget(kind, id, { x, y }), ...rest });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  engine = await startEngine({ web: await ensureWebBuild() });
  const api = client(engine.url);
  const make = async (name: string, widgets: object[]) => {
    const r = await api('POST', 'wallboards', { name, widgets });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    boards.push(r.body.id);
  };
  await make('Every kind', [
    at('agents', 'agents', 0, 0), at('table', 'table', 6, 0), at('tile', 'tile', 10, 0), at('clock', 'clock', 10, 2),
    at('waiting', 'waiting', 0, 4), at('gauge', 'gauge', 4, 4), at('donut', 'donut', 7, 4), at('text', 'text', 4, 7),
  ]);
  // A metric that is always 100.0 %, the longest value a percent gauge shows (it used to run into the arc's end).
  expect((await api('PUT', 'custom-metrics/always_full', { id: 'always_full', label: 'Always full', unit: 'percent', formula: 'answered / answered * 100', higherIsBetter: true, description: '' })).status).toBeLessThan(300);
  await make('Every kind, charts and percentages', [
    at('line', 'line', 0, 0), at('bar', 'bar', 6, 0), at('tile', 'sl-tile', 10, 0, { title: 'Service level', metrics: ['service_level'] }),
    at('table', 'sl-table', 0, 3, { title: 'Queues', metrics: ['service_level', 'answered', 'aht', 'abandon_rate'], groupBy: 'queue' }),
    at('gauge', 'sq-gauge', 4, 3, { title: 'Service quality', metrics: ['service_quality'] }),
    at('gauge', 'full-gauge', 7, 3, { title: 'Always full', metrics: ['always_full'] }),
  ]);
  token = (await api('POST', 'tokens', { name: 'readability tv', role: 'display', wallboards: boards })).body.token;
  // 40 agents and a dozen callers who stay waiting: more than the dense widgets can show at their default size.
  traffic = startTraffic({ url: engine.url, token: ADMIN, eventsPerSecond: 30, agents: 40 });
  const now = Date.now();
  await api('POST', 'events', Array.from({ length: 12 }, (_, i) => ({
    v: 1, id: `wait-${i}`, tenant: 'demo', ts: now - i * 7_000, type: 'call.offered', callId: `wait-${i}`, queue: 'support', caller: `+39 02 5550${100 + i}`, channel: 'voice',
  })));
  browser = await launchChromium();
  await new Promise((r) => setTimeout(r, 6_000));
}, 300_000);
afterAll(async () => {
  await traffic?.stop();
  await browser?.close();
  await engine?.stop();
});

async function openTv(width: number, height: number, board: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${engine.url}/tv/${board}?token=${encodeURIComponent(token)}`);
  await page.locator('.tv[data-status="live"][data-source="socket"] [data-widget]').first().waitFor();
  await page.waitForTimeout(2_500);
  return page;
}

const describeReport = (r: WidgetReport) => `${r.id} (${r.kind}): min ${r.minFont}px "${r.minText}"`;

describe.each([
  { name: '1080p', width: 1920, height: 1080, minPx: 24 },
  { name: '4K', width: 3840, height: 2160, minPx: 48 },
])('tv readability at $name', ({ name, width, height, minPx }) => {
  it.each([{ b: 0 }, { b: 1 }, { b: 2 }])(`tv - board $b: every text ≥ ${minPx}px, nothing overflows, no number cut`, async ({ b }) => {
    const board = boards[b];
    const page = await openTv(width, height, board);
    try {
      await page.screenshot({ path: `${SHOTS}${board}-${name}.png` });
      const reports = await measureWidgets(page);
      console.log(`[${name} ${board}]\n${reports.map(describeReport).join('\n')}`);
      expect(reports.length).toBeGreaterThan(4);
      for (const r of reports) {
        expect.soft(r.minFont, describeReport(r)).toBeGreaterThanOrEqual(minPx - 0.5);
        expect.soft(r.overflows, `${r.id} overflows`).toEqual([]);
        expect.soft(r.outside, `${r.id} text outside its box`).toEqual([]);
        for (const e of r.ellipsised) {
          expect.soft(looksNumeric(e.text), `${r.id}: a number is cut: ${e.text}`).toBe(false);
          expect.soft(e.title, `${r.id}: cut text without its full text as a title`).toBe(e.text);
        }
      }
      // Percent columns keep their "%", whatever the column width.
      const percents = await page.locator('[data-widget="sl-table"] td[data-metric="service_level"]').allInnerTexts();
      if (board !== 'overview' && percents.length) expect(percents.every((t) => /%$|^—$/.test(t.trim())), percents.join(' | ')).toBe(true);
    } finally {
      await page.close();
    }
  });

  it(`tv - the gauge's value does not touch its arc (${name})`, async () => {
    for (const board of boards) {
      const page = await openTv(width, height, board);
      try {
        const full = board === boards[2];
        if (full) await page.locator('[data-widget="full-gauge"] text.value', { hasText: '100.0 %' }).waitFor();
        // Sample the value's box on a grid and ask the arc (track) path whether any point lies inside it.
        const hits = await page.evaluate(() => [...document.querySelectorAll<SVGTextElement>('[data-kind="gauge"] text.value')].map((t) => {
          const track = t.ownerSVGElement!.querySelector<SVGPathElement>('path.track')!;
          const b = t.getBBox();
          let inside = 0;
          for (let i = 0; i <= 20; i++) for (let j = 0; j <= 10; j++) {
            const p = t.ownerSVGElement!.createSVGPoint();
            p.x = b.x + (b.width * i) / 20; p.y = b.y + (b.height * j) / 10;
            if (track.isPointInFill(p)) inside++;
          }
          return { text: t.textContent, inside, box: [b.x, b.y, b.width, b.height].map(Math.round) };
        }));
        if (full) expect(hits.map((h) => h.text)).toContain('100.0 %');
        for (const h of hits) expect(h.inside, `${board}: gauge value ${h.text} ${h.box} overlaps its arc`).toBe(0);
      } finally {
        await page.close();
      }
    }
  });
});
