// Series colours, distinguishable on light office screens and on the dark TV theme.
export const SERIES = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#a855f7', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#64748b', '#14b8a6', '#eab308'];
export const seriesColor = (i: number) => SERIES[i % SERIES.length];
export const bandColor = (band: string) => (band === 'good' ? 'var(--good)' : band === 'warn' ? 'var(--warn)' : band === 'bad' ? 'var(--bad)' : 'var(--ink)');
