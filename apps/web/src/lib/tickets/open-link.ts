// "Open a ticket" from a live call, a missed-call row or a callback request: the new-ticket page with the caller, queue and call filled in.

export interface TicketSourceLink {
  from: 'call' | 'missed_call' | 'callback';
  caller?: string | null;
  queue?: string | null;
  callId?: string | null;
  callbackId?: string | null;
}

export function openTicketHref(s: TicketSourceLink): string {
  const q = new URLSearchParams({ from: s.from });
  for (const k of ['caller', 'queue', 'callId', 'callbackId'] as const) if (s[k]) q.set(k, s[k]!);
  return `/tickets/new?${q}`;
}
