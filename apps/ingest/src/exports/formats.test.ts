import { describe, expect, it } from 'vitest';
import { exportFileName, filterWords } from './formats.ts';

describe('exports - file names', () => {
  it('names the source, its filters in words, its days and the format', () => {
    expect(exportFileName('calls', '2026-11-30', '2026-11-30', 'csv')).toBe('calls-2026-11-30.csv');
    expect(exportFileName('report:queues', '2026-11-01', '2026-11-30', 'xlsx', { queue: 'sales,vip', groupBy: 'hour' }))
      .toBe('report:queues-queue-sales-vip-by-hour-2026-11-01-to-2026-11-30.xlsx');
    expect(filterWords({ queue: 'sales', agent: 'anna', channel: 'voice', campaign: 'winter', groupBy: 'day' }))
      .toBe('queue sales, agent anna, channel voice, campaign winter, by day');
    expect(filterWords({})).toBe('');
    expect(filterWords(null)).toBe('');
  });

  it('keeps a header-safe ASCII name whatever the queue is called', () => {
    const name = exportFileName('report:agents', '2026-11-01', '2026-11-02', 'parquet', { queue: 'assistenza clienti àèì,客服', agent: '"x"\r\n' });
    expect(name).toBe('report:agents-queue-assistenza-clienti-aei-agent-x-2026-11-01-to-2026-11-02.parquet');
    expect(name).toMatch(/^[\x21-\x7e]+$/);
  });
});
