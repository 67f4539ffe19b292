import { describe, expect, it } from 'vitest';
import { newWidget, type Widget } from '@callboard/widgets';
import { followTitle } from './title.ts';

const LABELS: Record<string, string> = { offered: 'Offered', service_level: 'Service level', asa: 'ASA', answered: 'Answered', aht: 'AHT' };
const label = (id: string) => LABELS[id] ?? id;
const edit = (w: Widget, change: Partial<Widget>) => ({ ...w, ...change }) as Widget;

describe('widget title', () => {
  const tile = newWidget('tile', 't'); // "Calls offered", metric offered
  it.each([
    ['the default title follows a new metric', tile, edit(tile, { metrics: ['service_level'] }), 'Service level'],
    ['a title from the old metric follows too', edit(tile, { title: 'Service level', metrics: ['service_level'] }), edit(tile, { title: 'Service level', metrics: ['asa'] }), 'ASA'],
    ['a title the analyst wrote stays', edit(tile, { title: 'SLA north' }), edit(tile, { title: 'SLA north', metrics: ['service_level'] }), 'SLA north'],
    ['typing a title is kept as typed', tile, edit(tile, { title: 'Calls offered today' }), 'Calls offered today'],
    ['an empty title follows', edit(tile, { title: '' }), edit(tile, { title: '', metrics: ['asa'] }), 'ASA'],
    ['a bar follows its metric and grouping', newWidget('bar', 'b'), edit(newWidget('bar', 'b'), { metrics: ['answered'], groupBy: 'agent' }), 'Answered by agent'],
    ['a line names every series', newWidget('line', 'l'), edit(newWidget('line', 'l'), { metrics: ['offered', 'answered'] }), 'Offered and answered per hour'],
    ['an agents grid keeps its title', newWidget('agents', 'a'), edit(newWidget('agents', 'a'), { metrics: ['aht'] }), 'Agents'],
  ])('title - %s', (_, prev, next, title) => {
    expect(followTitle(prev, next, label)).toBe(title);
  });
});
