import { describe, expect, it } from 'vitest';
import { cronOf, cronText } from './schedules';

describe('schedule presets', () => {
  it.each([
    ['day', '07:00', '0 7 * * *', 'every day at 07:00'],
    ['weekday', '06:30', '30 6 * * 1-5', 'Monday to Friday at 06:30'],
    ['monday', '08:05', '5 8 * * 1', 'Mondays at 08:05'],
    ['month', '00:00', '0 0 1 * *', '1st of each month at 00:00'],
  ] as const)('schedules - %s at %s is "%s", read back as "%s"', (every, time, cron, text) => {
    expect(cronOf(every, time)).toBe(cron);
    expect(cronText(cron)).toBe(text);
  });

  it('schedules - any other expression is shown as it is', () => {
    expect(cronText('*/15 * * * *')).toBe('cron */15 * * * *');
  });
});
