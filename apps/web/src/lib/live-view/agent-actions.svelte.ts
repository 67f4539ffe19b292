// Who gets seed 004's actions on agents in the live views (supervisors and admins; the API refuses everyone else anyway), and what the table needs for them.
import type { LiveSnapshot } from '@callboard/metrics';
import { session } from '$lib/identity/session.svelte';

export interface AgentActionsContext {
  /** Queues to offer when logging an agent in. */
  queues: string[];
  /** The signed-in supervisor's extension (rings for listen / whisper / barge), or null to ask for one. */
  myExtension: string | null;
}

/** Null for anyone but a supervisor or an admin: the agents table then shows no actions. Call inside $derived. */
export function agentActions(snapshot: LiveSnapshot | null): AgentActionsContext | null {
  if (!snapshot || !session.has('admin', 'supervisor')) return null;
  return { queues: snapshot.queues.map((q) => q.queue), myExtension: session.me?.user?.extension ?? null };
}
