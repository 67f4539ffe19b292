import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { newWidget } from '@callboard/widgets';
import Waiting from './Widget.svelte';

const now = Date.parse('2026-11-25T10:00:00Z');
const caller = (callId: string, secondsAgo: number) => ({ callId, caller: `+39 ${callId}`, channel: 'voice' as const, since: now - secondsAgo * 1000, queue: 'sales' });

describe('waiting component', () => {
  it('waiting - shows position, wait so far from `now`, colour by wait, and the overflow count', () => {
    const w = { ...newWidget('waiting', 'w'), options: { limit: 2, amberAfterSeconds: 20, redAfterSeconds: 60 } } as Extract<ReturnType<typeof newWidget>, { kind: 'waiting' }>;
    const { body } = render(Waiting, { props: { widget: w, data: { series: [], now, timezone: 'UTC', callers: [caller('a', 75), caller('b', 30), caller('c', 5)] } } });
    expect(body).toMatch(/data-level="bad".*1<\/td>.*\+39 a.*1:15/s);
    expect(body).toMatch(/data-level="warn".*2<\/td>.*\+39 b.*0:30/s);
    expect(body).not.toContain('+39 c');
    expect(body).toContain('+1 more');
  });
  it('waiting - says nobody is waiting', () => {
    const { body } = render(Waiting, { props: { widget: newWidget('waiting', 'w') as never, data: { series: [], now, timezone: 'UTC', callers: [] } } });
    expect(body).toContain('nobody waiting');
  });
});
