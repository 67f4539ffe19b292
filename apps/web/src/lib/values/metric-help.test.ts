import { describe, expect, it } from 'vitest';
import { metricHelp } from './metric-help.ts';
import type { MetricMeta } from './metric-meta.ts';

const S = { slThresholdMs: 20_000, shortAbandonMs: 5_000, trefMs: 10_000, tlimMs: 60_000, beta: 0.3 };
const meta = (id: string, rest: Partial<MetricMeta> = {}): MetricMeta =>
  ({ id, label: id, unit: 'percent', higherIsBetter: true, source: 'catalogue', description: `${id} defined`, ...rest });

describe('metric help', () => {
  it.each([
    ['service level names T and short abandons', meta('service_level'), S, null, ['service_level: service_level defined', 'Tenant thresholds: T 20 s, short abandon under 5 s']],
    ['service quality names Tref, Tlim and β', meta('service_quality'), S, null, ['service_quality: service_quality defined', 'Tenant thresholds: Tref 10 s, Tlim 60 s, β 0.3, short abandon under 5 s']],
    ['offered depends on no threshold', meta('offered'), S, null, ['offered: offered defined']],
    ['without settings (a TV, or no access) only the definition', meta('service_level'), null, null, ['service_level: service_level defined']],
    ['colour bands, higher is better', meta('offered'), null, { amber: 80, red: 60 }, ['offered: offered defined', 'Colours: amber below 80, red below 60']],
    ['colour bands, lower is better', meta('asa', { higherIsBetter: false }), null, { amber: 20, red: null }, ['asa: asa defined', 'Colours: amber above 20']],
    ['a custom metric shows its formula', meta('answer_rate', { source: 'custom', description: '', formula: 'answered / offered * 100' }), S, null, ['answer_rate: = answered / offered * 100']],
  ])('help - %s', (_, m, settings, bands, lines) => {
    expect(metricHelp(m, settings, bands)).toEqual(lines);
  });
});
