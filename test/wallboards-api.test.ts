/** Wallboards and custom metrics API against a real engine: CAS, validation, display tokens, export/import, restart, custom metric live = history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFormula, evaluate } from '@callboard/metrics';
import { newWidget } from '@callboard/widgets';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { client, nudge, startEngine, until } from './support/web-engine.ts';

let engine: Awaited<ReturnType<typeof startEngine>>;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  engine = await startEngine();
  api = client(engine.url);
});
afterAll(async () => { await engine?.stop(); });

const tile = (id: string, x: number, metric = 'offered') => ({ ...newWidget('tile', id, { x, y: 0 }), metrics: [metric] });

describe('wallboards - API', () => {
  it('wallboards - the demo tenant starts with a default wallboard', async () => {
    const { status, body } = await api('GET', 'wallboards');
    expect(status).toBe(200);
    const overview = body.wallboards.find((b: any) => b.id === 'overview');
    expect(overview?.name).toBe('Contact centre overview');
    expect(overview.widgets.length).toBeGreaterThan(10);
  });

  it('wallboards - create, edit with the loaded revision, and refuse a stale revision', async () => {
    const created = await api('POST', 'wallboards', { name: 'Sales floor', description: 'north wall', widgets: [tile('a', 0)] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^sales-floor-[0-9a-f]{6}$/);
    const first = await api('PUT', `wallboards/${id}`, { revision: created.body.revision, wallboard: { name: 'Sales floor', widgets: [tile('a', 0), tile('b', 2, 'answered')] } });
    expect(first.status).toBe(200);
    expect(first.body.widgets.map((w: any) => w.id)).toEqual(['a', 'b']);
    const stale = await api('PUT', `wallboards/${id}`, { revision: created.body.revision, wallboard: { name: 'Lost update', widgets: [] } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('changed by someone else') });
    expect((await api('GET', `wallboards/${id}`)).body.name).toBe('Sales floor');
  });

  it.each([
    ['overlapping widgets', { name: 'x', widgets: [tile('a', 0), tile('b', 1)] }, 'widget b overlaps widget a'],
    ['a tile with no metric', { name: 'x', widgets: [{ ...tile('a', 0), metrics: [] }] }, 'shows 1 metric(s), not 0'],
    ['no name', { name: '', widgets: [] }, 'a wallboard needs a name'],
  ])('wallboards - 400 with a clear message for %s', async (_n, body, message) => {
    const r = await api('POST', 'wallboards', body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(message);
  });

  it('wallboards - duplicate, archive, export, import and delete', async () => {
    const { body: b } = await api('POST', 'wallboards', { name: 'Care', widgets: [tile('a', 0, 'answer_rate')] });
    const copy = await api('POST', `wallboards/${b.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.name).toBe('Copy of Care');
    expect(copy.body.id).not.toBe(b.id);
    const archived = await api('POST', `wallboards/${b.id}/archive`, { archived: true });
    expect(archived.body.archived).toBe(true);
    await api('PUT', 'custom-metrics/answer_rate', { id: 'answer_rate', label: 'Answer rate', unit: 'percent', formula: 'answered / offered * 100' });
    const exported = await api('GET', `wallboards/${b.id}/export`);
    expect(exported.body.format).toBe('callboard.wallboard');
    expect(exported.body.customMetrics.map((m: any) => m.id)).toEqual(['answer_rate']);
    const imported = await api('POST', 'wallboards/import', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.widgets[0].metrics).toEqual(['answer_rate']);
    const clash = await api('POST', 'wallboards/import', { ...exported.body, customMetrics: [{ ...exported.body.customMetrics[0], formula: 'answered' }] });
    expect(clash.status).toBe(409);
    expect((await api('DELETE', `wallboards/${b.id}`)).status).toBe(204);
    expect((await api('GET', `wallboards/${b.id}`)).status).toBe(404);
  });

  it('wallboards - a display token reads only its bound wallboards and may not write', async () => {
    const { body: mine } = await api('POST', 'wallboards', { name: 'TV one', widgets: [tile('t', 0)] });
    const { body: other } = await api('POST', 'wallboards', { name: 'TV two', widgets: [] });
    const { body: tok } = await api('POST', 'tokens', { name: 'tv', role: 'display', wallboards: [mine.id] });
    const tv = client(engine.url, tok.token);
    expect((await tv('GET', 'wallboards')).body.wallboards.map((b: any) => b.id)).toEqual([mine.id]);
    expect((await tv('GET', `wallboards/${mine.id}`)).status).toBe(200);
    expect((await tv('GET', `wallboards/${other.id}`)).status).toBe(403);
    expect((await tv('GET', `wallboards/${other.id}/widgets/t/history`)).status).toBe(403);
    expect((await tv('GET', `wallboards/${mine.id}/widgets/t/history`)).status).toBe(200);
    expect((await tv('POST', 'wallboards', { name: 'nope' })).status).toBe(403);
    expect((await tv('GET', 'metrics?from=2026-11-01&to=2026-11-02')).status).toBe(403);
  });
});

describe('custom metrics - live and history agree', () => {
  it('custom metrics - a bad formula is refused with a clear message', async () => {
    const r = await api('PUT', 'custom-metrics/bad', { id: 'bad', label: 'Bad', formula: 'answered / offerd * 100' });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: 'INVALID_METRIC', message: 'formula of bad: unknown metric "offerd"' });
    const r2 = await api('PUT', 'custom-metrics/bad2', { id: 'bad2', label: 'Bad', formula: 'answered / (offered' });
    expect(r2.body.error.message).toMatch(/expected "\)" at end of formula/);
  });

  it('custom metrics - the same value in the live snapshot and in the history API, overall and per queue', async () => {
    const formula = 'answered / (offered - short_abandoned) * 100 + asa / 10';
    expect((await api('PUT', 'custom-metrics/my_mix', { id: 'my_mix', label: 'Mix', unit: 'count', formula })).status).toBe(200);
    const f = eventFactory('demo', 'cm');
    const t0 = Date.now() - 10 * 60_000;
    const evs = [f.agent(t0, 'anna', 'ready', ['sales', 'care'])];
    for (let i = 0; i < 9; i++) {
      const at = t0 + i * 30_000;
      const q = i % 3 === 0 ? 'care' : 'sales';
      evs.push(f.offered(at, `c${i}`, q));
      if (i % 4 === 3) evs.push(f.abandoned(at + 2_000 + i * 1000, `c${i}`, q));
      else { evs.push(f.answered(at + 3_000 * i, `c${i}`, q, 'anna')); evs.push(f.ended(at + 3_000 * i + 20_000, `c${i}`, q, 'anna')); }
    }
    expect((await api('POST', 'events', evs)).status).toBeLessThan(300);
    const node = parseFormula(formula);
    const live = await until(async () => {
      const s = (await api('GET', 'live')).body;
      return s.total.metrics.offered === 9 ? s : null;
    }, 15_000, 'live offered = 9');
    const day = live.day as string;
    const hist = await until(async () => {
      await nudge(api);
      const r = await api('GET', `metrics?from=${day}&to=${day}&metrics=my_mix,offered`);
      return r.body.rows?.[0]?.metrics.offered === 9 ? r.body : null;
    }, 30_000, 'history offered = 9');
    const liveValue = evaluate(node, (id) => live.total.metrics[id]);
    expect(liveValue).not.toBeNull();
    expect(hist.rows[0].metrics.my_mix).toBeCloseTo(liveValue!, 9);
    const perQueue = (await api('GET', `metrics?from=${day}&to=${day}&metrics=my_mix&groupBy=queue`)).body.rows;
    for (const q of live.queues) {
      const row = perQueue.find((r: any) => r.key.queue === q.queue);
      expect(row.metrics.my_mix).toBeCloseTo(evaluate(node, (id) => q.metrics[id])!, 9);
    }
  });
});

describe('wallboards - persistence', () => {
  it('wallboards - survive a restart of the engine', async () => {
    const { body } = await api('POST', 'wallboards', { name: 'Kept', widgets: [tile('k', 0)] });
    await engine.stop();
    engine = await startEngine({ dataDir: engine.dataDir });
    api = client(engine.url);
    const again = await api('GET', `wallboards/${body.id}`);
    expect(again.status).toBe(200);
    expect(again.body.widgets[0].id).toBe('k');
    expect((await api('GET', 'custom-metrics')).body.metrics.map((m: any) => m.id)).toContain('my_mix');
  });
});
