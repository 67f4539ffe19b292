import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseReportQuery } from './params.ts';

const TZ = 'Europe/Rome';
const at = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone: TZ }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('reports - the previous period', () => {
  it('of today so far is yesterday up to the same moment, not all of yesterday', () => {
    const p = parseReportQuery({ from: '2026-12-02', compare: 'previous' }, 't', TZ, at('2026-12-02T11:40'));
    expect([local(p.previous!.from), local(p.previous!.to)]).toEqual(['2026-12-01T00:00', '2026-12-01T11:40']);
  });

  it('keeps the local time of day across a DST change (the autumn day has 25 hours)', () => {
    const p = parseReportQuery({ from: '2026-10-26', compare: 'previous' }, 't', TZ, at('2026-10-26T11:40'));
    expect([local(p.previous!.from), local(p.previous!.to)]).toEqual(['2026-10-25T00:00', '2026-10-25T11:40']);
  });

  it('of a longer range reaching today ends at the start of the same hour (the hourly histogram answers it)', () => {
    const p = parseReportQuery({ from: '2026-11-26', to: '2026-12-02', compare: 'previous' }, 't', TZ, at('2026-12-02T11:40'));
    expect([local(p.previous!.from), local(p.previous!.to)]).toEqual(['2026-11-19T00:00', '2026-11-25T11:00']);
  });

  it('of a range in the past is the whole period before it', () => {
    const p = parseReportQuery({ from: '2026-11-01', to: '2026-11-30', compare: 'previous' }, 't', TZ, at('2026-12-02T11:40'));
    expect([local(p.previous!.from), local(p.previous!.to)]).toEqual(['2026-10-02T00:00', '2026-11-01T00:00']);
    const y = parseReportQuery({ from: '2026-12-01', compare: 'previous' }, 't', TZ, at('2026-12-02T11:40'));
    expect([local(y.previous!.from), local(y.previous!.to)]).toEqual(['2026-11-30T00:00', '2026-12-01T00:00']);
  });
});
