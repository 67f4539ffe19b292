/** The bench's wallboards: the 20-widget one (every kind, several live tiles, history charts, agents and callers), and a large-centre one whose agents grid fills most of the screen. */
import { WallboardInput } from '@callboard/widgets';

const w = (id: string, kind: string, x: number, y: number, width: number, h: number, rest: Record<string, unknown> = {}) =>
  ({ id, kind, layout: { x, y, w: width, h }, ...rest });

export const BENCH_BOARD = WallboardInput.parse({
  name: 'Bench: 20 widgets', columns: 12, rows: 8,
  widgets: [
    w('clock', 'clock', 0, 0, 2, 1), w('text', 'text', 2, 0, 4, 1, { options: { text: 'Bench floor', size: 'large' } }),
    w('waiting', 'tile', 6, 0, 2, 1, { title: 'Waiting', metrics: ['waiting_now'] }), w('longest', 'tile', 8, 0, 2, 1, { title: 'Longest', metrics: ['longest_wait_now'] }),
    w('ready', 'tile', 10, 0, 2, 1, { title: 'Ready', metrics: ['agents_ready'] }),
    w('offered', 'tile', 0, 1, 2, 2, { title: 'Offered', metrics: ['offered'] }), w('answered', 'tile', 2, 1, 2, 2, { title: 'Answered', metrics: ['answered'] }),
    w('missed', 'tile', 4, 1, 2, 2, { title: 'Missed', metrics: ['missed'], options: { thresholds: { amber: 10, red: 25 } } }),
    w('asa', 'tile', 6, 1, 2, 2, { title: 'ASA', metrics: ['asa'] }),
    w('sl', 'gauge', 8, 1, 2, 2, { title: 'Service level', metrics: ['service_level'] }), w('sq', 'gauge', 10, 1, 2, 2, { title: 'Service quality', metrics: ['service_quality'] }),
    w('hourly', 'line', 0, 3, 4, 2, { title: 'Per hour', metrics: ['offered', 'answered'], window: { kind: 'today' }, groupBy: 'hour' }),
    w('bar', 'bar', 4, 3, 3, 2, { title: 'By queue', metrics: ['offered'], groupBy: 'queue' }),
    w('donut', 'donut', 7, 3, 2, 2, { title: 'Agents' }),
    w('sales-sl', 'tile', 9, 3, 3, 1, { title: 'Sales SL', metrics: ['service_level'], filters: { queues: ['sales'] } }),
    w('last30', 'tile', 9, 4, 3, 1, { title: 'Offered, last 30 min', metrics: ['offered'], window: { kind: 'last', minutes: 30 } }),
    w('table', 'table', 0, 5, 3, 3, { title: 'Top agents', metrics: ['answered', 'aht'], groupBy: 'agent' }),
    w('queues', 'table', 3, 5, 3, 3, { title: 'Queues', metrics: ['offered', 'service_level'], groupBy: 'queue' }),
    w('agents', 'agents', 6, 5, 3, 3, { title: 'Agents' }),
    w('callers', 'waiting', 9, 5, 3, 3, { title: 'Callers waiting' }),
  ],
});

/** A big floor's board: a row of headline tiles over an agents grid of the whole width (all the centre's agents). */
export const GRID_BOARD = WallboardInput.parse({
  name: 'Bench: agents grid', columns: 12, rows: 8,
  widgets: [
    w('waiting', 'tile', 0, 0, 3, 2, { title: 'Waiting', metrics: ['waiting_now'] }), w('ready', 'tile', 3, 0, 3, 2, { title: 'Ready', metrics: ['agents_ready'] }),
    w('answered', 'tile', 6, 0, 3, 2, { title: 'Answered', metrics: ['answered'] }), w('sl', 'gauge', 9, 0, 3, 2, { title: 'Service level', metrics: ['service_level'] }),
    w('agents', 'agents', 0, 2, 12, 6, { title: 'Agents' }),
  ],
});
