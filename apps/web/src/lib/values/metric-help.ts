// What a metric means, one tap away: its catalogue definition (or custom formula), the tenant's thresholds it depends
// on, and the widget's colour bands. Pure, so every tile, gauge and builder field explains a number the same way.
import type { MetricMeta } from './metric-meta.ts';

/** The tenant's per-queue metric settings (GET /api/v1/tenant → settings.defaults); ms except β. */
export interface MetricSettings { slThresholdMs: number; shortAbandonMs: number; trefMs: number; tlimMs: number; beta: number }

type Key = keyof MetricSettings;
/** :NOTE: which settings change which metric, from packages/metrics/src/components.ts (short abandons leave the base). */
const USES: Record<string, Key[]> = {
  service_level: ['slThresholdMs', 'shortAbandonMs'],
  answered_in_sl: ['slThresholdMs'],
  service_quality: ['trefMs', 'tlimMs', 'beta', 'shortAbandonMs'],
  short_abandoned: ['shortAbandonMs'],
  abandon_rate: ['shortAbandonMs'],
  missed: ['shortAbandonMs'],
};
const NAMES: Record<Key, string> = { slThresholdMs: 'T', shortAbandonMs: 'short abandon under', trefMs: 'Tref', tlimMs: 'Tlim', beta: 'β' };
const show = (k: Key, v: number) => (k === 'beta' ? `${NAMES[k]} ${v}` : `${NAMES[k]} ${Math.round(v / 100) / 10} s`);

export interface Bands { amber: number | null; red: number | null }

export function metricHelp(m: MetricMeta, settings?: MetricSettings | null, bands?: Bands | null): string[] {
  const lines = [`${m.label}: ${m.description || (m.source === 'custom' && m.formula ? `= ${m.formula}` : m.source === 'live' ? 'live, right now (not kept in history)' : 'no description in the catalogue')}`];
  const uses = USES[m.id] ?? [];
  if (settings && uses.length) lines.push(`Tenant thresholds: ${uses.map((k) => show(k, settings[k])).join(', ')}`);
  if (bands && (bands.amber !== null || bands.red !== null)) {
    const dir = m.higherIsBetter ? 'below' : 'above';
    lines.push(`Colours: ${[bands.amber !== null ? `amber ${dir} ${bands.amber}` : '', bands.red !== null ? `red ${dir} ${bands.red}` : ''].filter(Boolean).join(', ')}`);
  }
  return lines;
}
