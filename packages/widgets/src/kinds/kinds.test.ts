import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getPath, KINDS, newWidget, Widget, WIDGET_KINDS, type WidgetKind } from '../index.ts';

const x = (n: number) => 'x'.repeat(n);

// Each kind's defaults (a new widget's bindings and options, exactly) and facts of its spec.
const DEFAULTS: [WidgetKind, Record<string, unknown>, Record<string, unknown>][] = [
  ['tile', { options: { thresholds: { amber: null, red: null, higherIsBetter: null }, caption: '' } }, {}],
  ['gauge', { options: { min: 0, max: 100, thresholds: { amber: 80, red: 60, higherIsBetter: null } } }, {}],
  ['bar', { groupBy: 'queue' }, { metrics: { min: 1, max: 4 } }],
  ['line', { groupBy: 'hour', window: { kind: 'today' } }, { windows: ['today', 'range'] }],
  ['table', { groupBy: 'agent', metrics: ['answered', 'aht'] }, {}],
  ['donut', { options: { source: 'agent-states', limit: 6 }, metrics: [] }, {}],
  ['agents', { options: { sort: 'state', showLoggedOut: false, warnAfterSeconds: 300 } }, {}],
  ['waiting', { options: { limit: 8, amberAfterSeconds: 20, redAfterSeconds: 60 } }, { metrics: { min: 0, max: 0 } }],
  ['clock', { options: { timezone: null, showDate: true, showSeconds: false } }, {}],
  ['text', { options: { text: 'Welcome', size: 'medium', align: 'center' } }, {}],
];

// What each kind accepts and refuses: a widget with these overrides, or these options alone; true, false or the message.
const RULES: [WidgetKind, string, { widget: object } | { options: object }, boolean | string][] = [
  ['tile', 'a caption longer than 80 characters', { widget: { options: { caption: x(81) } } }, false],
  ['gauge', 'max ≤ min', { options: { min: 50, max: 50 } }, 'max must be greater than min'],
  ['bar', 'time grouping', { widget: { groupBy: 'hour' } }, false],
  ['bar', 'a limit above 50', { options: { limit: 51 } }, false],
  ['line', 'a day-grouped date range', { widget: { groupBy: 'day', window: { kind: 'range', from: '2026-11-01', to: '2026-11-25' } } }, true],
  ['line', 'a queue grouping', { widget: { groupBy: 'queue' } }, false],
  ['table', 'a sort column beyond six metrics', { options: { sortBy: 6 } }, false],
  ['donut', 'a metric donut without its one metric', { widget: { options: { source: 'metric' } } }, 'a donut of a metric needs exactly one metric'],
  ['agents', 'a window other than live', { widget: { window: { kind: 'today' } } }, false],
  ['text', 'more than 2000 characters', { options: { text: x(2001) } }, false],
];

describe('widget kinds', () => {
  it.each(DEFAULTS)('%s - defaults; every builder field points at an option', (kind, made, spec) => {
    const w = newWidget(kind, `w-${kind}`) as Record<string, unknown> & Widget;
    for (const [key, value] of Object.entries(made)) expect(w[key], key).toEqual(value);
    for (const [key, value] of Object.entries(spec)) expect(KINDS[kind][key as keyof (typeof KINDS)[WidgetKind]], key).toEqual(value);
    for (const f of KINDS[kind].fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });

  it.each(RULES)('%s - %s: %s', (kind, _name, input, outcome) => {
    const r = 'options' in input ? KINDS[kind].options.safeParse(input.options) : Widget.safeParse({ ...newWidget(kind, 'w'), ...input.widget });
    expect(r.success).toBe(outcome === true);
    if (typeof outcome === 'string') expect(r.error?.issues[0].message).toBe(outcome);
  });

  it('kinds - every kind folder is registered, and by its own name', () => {
    const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect([...WIDGET_KINDS].sort()).toEqual(folders.sort());
    for (const k of WIDGET_KINDS) expect(KINDS[k].kind).toBe(k);
  });

  it('kinds - the builder offers the kinds by their own order, each a distinct place', () => {
    expect(WIDGET_KINDS).toEqual(['tile', 'gauge', 'bar', 'line', 'table', 'donut', 'agents', 'waiting', 'clock', 'text']);
    expect(new Set(WIDGET_KINDS.map((k) => KINDS[k].order)).size).toBe(WIDGET_KINDS.length);
  });
});
