/** Formats a metric value for display by unit and a widget's number format ("—" for no value). */
import type { Format } from './common.ts';
import type { Unit } from './custom-metric.ts';

const NO_VALUE = '—';

/** Seconds as m:ss, or h:mm:ss from an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

// :NOTE: a wallboard formats hundreds of values a second; Intl.NumberFormat is costly to build, so reuse them.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(decimals: number, compact: boolean): Intl.NumberFormat {
  const key = `${decimals}:${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, ...(compact ? { notation: 'compact' as const } : {}) });
    formatters.set(key, f);
  }
  return f;
}

export function formatValue(value: number | null | undefined, unit: Unit, format: Partial<Format> = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  if (unit === 'seconds' && format.decimals == null) return formatDuration(value);
  const decimals = format.decimals ?? (unit === 'percent' ? 1 : 0);
  const n = formatter(decimals, format.compact ?? false).format(value);
  if (unit === 'percent') return `${n} %`;
  if (unit === 'seconds') return `${n} s`;
  return n;
}
