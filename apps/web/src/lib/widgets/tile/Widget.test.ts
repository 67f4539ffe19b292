import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { Widget as WidgetSpec, newWidget, type DataOf } from '@callboard/widgets';
import Tile from './Widget.svelte';

const sl = { id: 'service_level', label: 'Service level', unit: 'percent' as const, higherIsBetter: true, source: 'catalogue' as const };
const tile = (options: object) => WidgetSpec.parse({ ...newWidget('tile', 't'), metrics: ['service_level'], options }) as Extract<WidgetSpec, { kind: 'tile' }>;
const data = (value: number | null): DataOf<'tile'> => ({ series: [sl], value, now: 0, timezone: 'Europe/Rome' });

describe('tile component', () => {
  it.each([
    [91.25, 'good', '91.3 %'],
    [72, 'warn', '72.0 %'],
    [40, 'bad', '40.0 %'],
    [null, 'none', '—'],
  ])('tile - %s renders %s as %s', (value, band, text) => {
    const { body } = render(Tile, { props: { widget: tile({ thresholds: { amber: 80, red: 60 }, caption: 'target 80 %' }), data: data(value) } });
    expect(body).toContain(`data-band="${band}"`);
    expect(body).toContain(`>${text}<`);
    expect(body).toContain('target 80 %');
  });
});
