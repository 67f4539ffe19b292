/** The live snapshot (GET /api/v1/live, and the first message of /api/v1/live/ws). */
import { z } from 'zod';
import { AgentStateName, Channel } from '@callboard/metrics';

const Metrics = z.record(z.string(), z.number().nullable()).describe("today's catalogue metric values (null when undefined)");

export const WaitingCaller = z.object({
  callId: z.string(),
  caller: z.string(),
  channel: Channel,
  since: z.number().describe('entered the queue, epoch ms'),
});

export const QueueLive = z.object({
  queue: z.string().describe("queue name; '*' for the all-queues total"),
  waiting: z.array(WaitingCaller).describe('longest-waiting first'),
  agents: z.record(z.string(), z.number()).describe('agents logged in to this queue, by state'),
  metrics: Metrics,
  callbacks: z.object({
    open: z.number().int(),
    booked: z.number().int(),
    oldestOpenSince: z.number().nullable().describe('first missed call of the oldest open request, epoch ms'),
  }).optional().describe('callback requests now (open, booked, oldest open): the catalogue metrics callbacks_open, callbacks_booked, callbacks_oldest_open_age'),
});

export const TicketFigures = z.object({
  key: z.string().describe("the type, the handler's user id, or '' (in total; no handler)"),
  label: z.string(),
  opened: z.number().int(),
  finalised: z.number().int(),
  backlog: z.number().int(),
  overdue: z.number().int(),
  finaliseMs: z.number().describe('sum of (finalised - created) over the tickets finalised today, ms'),
});

export const LiveTickets = z.object({
  total: TicketFigures,
  byType: z.record(z.string(), TicketFigures),
  byHandler: z.record(z.string(), TicketFigures).describe("by the handler's user id ('' = no handler)"),
}).describe('tickets opened and finalised today, open and overdue now, in total, by type and by handler: the catalogue metrics tickets_*');

export const AgentLive = z.object({
  agent: z.string(),
  state: AgentStateName,
  since: z.number().describe('in this state since, epoch ms'),
  reason: z.string(),
  queues: z.array(z.string()),
  current: z.object({ callId: z.string(), queue: z.string(), caller: z.string(), since: z.number() }).nullable(),
  metrics: Metrics,
});

export const LiveSnapshot = z.object({
  tenant: z.string(),
  at: z.number().describe('server time of the snapshot, epoch ms'),
  day: z.string().describe('"today" in the tenant timezone, YYYY-MM-DD'),
  timezone: z.string(),
  total: QueueLive,
  queues: z.array(QueueLive),
  agents: z.array(AgentLive),
  tickets: LiveTickets.optional(),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

export const LiveQuery = z.object({
  agentMetrics: z.string().max(4000).optional()
    .describe('comma-separated metric ids: each agent\'s `metrics` keeps only these ("" for none; default all). A wall TV\'s first page asks for what its widgets read: for 1,000 agents ~130 KB instead of ~700 KB'),
});
export type LiveQuery = z.infer<typeof LiveQuery>;

/** The WebSocket /api/v1/live/ws: the snapshot on connect, then deltas (upserts and removals by name), a heartbeat every 5 s, or an error before closing. */
export const LiveWsMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: LiveSnapshot }),
  z.object({
    type: z.literal('delta'),
    at: z.number().describe('server time, epoch ms'),
    day: z.string().describe('"today" in the tenant timezone, YYYY-MM-DD'),
    total: QueueLive.optional().describe('replaced when present'),
    queues: z.array(QueueLive).optional().describe('upserts by queue name'),
    removedQueues: z.array(z.string()).optional(),
    agents: z.array(AgentLive).optional().describe('upserts by agent name'),
    removedAgents: z.array(z.string()).optional(),
    tickets: LiveTickets.optional().describe('replaced when present'),
  }),
  z.object({ type: z.literal('heartbeat'), at: z.number() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type LiveWsMessage = z.infer<typeof LiveWsMessage>;

/** GET /api/v1/live/mine: what an agent's home shows, read-only: the queues they serve and their own state and numbers today. */
export const MyLive = z.object({
  at: z.number().describe('server time, epoch ms'),
  day: z.string().describe('"today" in the tenant timezone, YYYY-MM-DD'),
  timezone: z.string(),
  queues: z.array(QueueLive).describe("the user's queues (their profile's, else those they are logged in to), by name"),
  me: AgentLive.nullable().describe('the signed-in user as an agent (matched by login, then extension); null when not seen today'),
});
export type MyLive = z.infer<typeof MyLive>;
