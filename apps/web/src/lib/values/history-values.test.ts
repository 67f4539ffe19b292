import { describe, expect, it } from 'vitest';
import { Widget, newWidget, type WidgetOf } from '@callboard/widgets';
import { buildMeta } from './metric-meta.ts';
import { historyData, withLiveTail } from './history-values.ts';
import type { LiveSnapshot } from '@callboard/metrics';

const meta = buildMeta([{ id: 'offered', label: 'Offered', unit: 'count', higherIsBetter: true, formula: 'x' }, { id: 'asa', label: 'ASA', unit: 'seconds', higherIsBetter: false, formula: 'x' }], []);
const line = Widget.parse({ ...newWidget('line', 'l'), metrics: ['offered', 'asa'] }) as WidgetOf<'line'>;

describe('history values', () => {
  it('history - missing buckets are 0 for counts and empty for durations, none after now', () => {
    const r = { timezone: 'UTC', rows: [{ key: { hour: '2026-11-25T09:00+00:00' }, metrics: { offered: 4, asa: 10 } }] };
    const d = historyData(line, r, meta, Date.parse('2026-11-25T10:15:00Z'), '2026-11-25');
    // Today's chart drops the empty early hours but keeps at least the last 8.
    expect(d.points!.map((p) => p.key.slice(11, 16))).toEqual(['03:00', '04:00', '05:00', '06:00', '07:00', '08:00', '09:00', '10:00']);
    expect(d.points![6].values).toEqual([4, 10]);
    expect(d.points![7].values).toEqual([0, null]);
    const range = Widget.parse({ ...line, window: { kind: 'range', from: '2026-11-24', to: '2026-11-25' } }) as WidgetOf<'line'>;
    expect(historyData(range, r, meta, Date.parse('2026-11-25T10:15:00Z'), '2026-11-25').points).toHaveLength(24 + 11);
  });
  it('history - the live tail: current hour = live today − earlier hours, never below history', () => {
    const r = { timezone: 'UTC', rows: [{ key: { hour: '2026-11-25T09:00+00:00' }, metrics: { offered: 4, asa: 10 } }, { key: { hour: '2026-11-25T10:00+00:00' }, metrics: { offered: 1, asa: 5 } }] };
    const d = historyData(line, r, meta, Date.parse('2026-11-25T10:15:00Z'), '2026-11-25');
    const snap = { day: '2026-11-25', total: { metrics: { offered: 7, asa: 9 } }, queues: [] } as unknown as LiveSnapshot;
    expect(withLiveTail(line, d, snap, meta).points!.at(-1)!.values).toEqual([3, 5]);
  });
  it('history - a tile takes the single row; a bar takes one group per row', () => {
    const tile = Widget.parse({ ...newWidget('tile', 't'), window: { kind: 'range', from: '2026-11-01', to: '2026-11-02' } }) as WidgetOf<'tile'>;
    expect(historyData(tile, { timezone: 'UTC', rows: [{ key: {}, metrics: { offered: 12 } }] }, meta, 0, '2026-11-25').value).toBe(12);
    const bar = Widget.parse({ ...newWidget('bar', 'b'), groupBy: 'channel' }) as WidgetOf<'bar'>;
    expect(historyData(bar, { timezone: 'UTC', rows: [{ key: { channel: 'chat' }, metrics: { offered: 3 } }] }, meta, 0, '2026-11-25').groups).toEqual([{ key: 'chat', values: [3] }]);
  });
});
