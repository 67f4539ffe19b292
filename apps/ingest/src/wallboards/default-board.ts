/** The wallboard a fresh demo tenant starts with: headline tiles, SLA gauge, hourly traffic, queues, agents, callers waiting. */
import { WallboardInput, Widget } from '@callboard/widgets';

const w = (id: string, kind: Widget['kind'], x: number, y: number, width: number, h: number, rest: Record<string, unknown> = {}) =>
  ({ id, kind, layout: { x, y, w: width, h }, ...rest });

export const DEFAULT_WALLBOARD: WallboardInput = WallboardInput.parse({
  name: 'Contact centre overview',
  description: 'Today across all queues: traffic, service level, agents and callers waiting',
  columns: 12,
  rows: 8,
  widgets: [
    w('clock', 'clock', 0, 0, 3, 1),
    w('title', 'text', 3, 0, 5, 1, { options: { text: 'Contact centre — today', size: 'large' } }),
    w('waiting-now', 'tile', 8, 0, 2, 1, { title: 'Waiting now', metrics: ['waiting_now'], options: { thresholds: { amber: 3, red: 8 } } }),
    w('longest', 'tile', 10, 0, 2, 1, { title: 'Longest wait', metrics: ['longest_wait_now'], options: { thresholds: { amber: 20, red: 60 } } }),
    w('offered', 'tile', 0, 1, 2, 2, { title: 'Offered', metrics: ['offered'] }),
    w('answered', 'tile', 2, 1, 2, 2, { title: 'Answered', metrics: ['answered'] }),
    w('missed', 'tile', 4, 1, 2, 2, { title: 'Missed', metrics: ['missed'], options: { thresholds: { amber: 10, red: 25 } } }),
    w('asa', 'tile', 6, 1, 2, 2, { title: 'Speed of answer', metrics: ['asa'], options: { thresholds: { amber: 20, red: 40 } } }),
    w('sl', 'gauge', 8, 1, 2, 2, { title: 'Service level', metrics: ['service_level'] }),
    w('sq', 'gauge', 10, 1, 2, 2, { title: 'Service quality', metrics: ['service_quality'] }),
    w('hourly', 'line', 0, 3, 6, 2, { title: 'Offered and answered per hour', metrics: ['offered', 'answered'], window: { kind: 'today' }, groupBy: 'hour' }),
    w('queues', 'bar', 6, 3, 3, 2, { title: 'Offered by queue', metrics: ['offered'], groupBy: 'queue' }),
    w('states', 'donut', 9, 3, 3, 2, { title: 'Agents by state' }),
    w('agents', 'agents', 0, 5, 7, 3, { title: 'Agents', metrics: ['answered'] }),
    w('callers', 'waiting', 7, 5, 5, 3, { title: 'Callers waiting' }),
  ],
});
