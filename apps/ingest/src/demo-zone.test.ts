import { describe, expect, it } from 'vitest';
import { zoneWhereItIs } from './start.ts';

const hourIn = (zone: string, at: number) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(at));

describe('demo - the centre sits where it is late morning', () => {
  it('at every UTC hour of a winter and a summer day, its zone reads 11 and keeps its offset all year', () => {
    for (const day of ['2026-01-15', '2026-07-15']) {
      for (let h = 0; h < 24; h++) {
        const now = Date.parse(`${day}T${String(h).padStart(2, '0')}:20:00Z`);
        const zone = zoneWhereItIs(11, now);
        expect(hourIn(zone, now), `${zone} at ${h}:20Z`).toBe(11);
        // the same zone six months on, at the same UTC hour, still reads 11 (no daylight saving moved it)
        expect(hourIn(zone, now + 182 * 86_400_000), `${zone} half a year on`).toBe(11);
        if (h !== 23) expect(zone, 'a city, not an Etc zone').toMatch(/^[A-Z][a-z]+\/[A-Za-z_]+$/);
      }
    }
  });
});
