/** The default demo contact centre: five queues (four voice, one chat) and a mixed Italian, Polish and Romanian team. */
import type { AgentSpec, QueueSpec } from './types.ts';

const S = 1000;

export const DEFAULT_TIMEZONE = 'Europe/Rome';

export const DEFAULT_QUEUES: readonly QueueSpec[] = [
  { name: 'sales', channel: 'voice', callsPerDay: 350, talkMedianMs: 200 * S, patienceMedianMs: 100 * S, maxWaitMs: 240 * S, priority: 2, campaigns: ['spring-promo', 'tv-spot'] },
  { name: 'support', channel: 'voice', callsPerDay: 470, talkMedianMs: 250 * S, patienceMedianMs: 140 * S, maxWaitMs: 300 * S, priority: 1 },
  { name: 'billing', channel: 'voice', callsPerDay: 180, talkMedianMs: 170 * S, patienceMedianMs: 120 * S, maxWaitMs: 240 * S, priority: 1 },
  { name: 'vip', channel: 'voice', callsPerDay: 55, talkMedianMs: 280 * S, patienceMedianMs: 90 * S, maxWaitMs: 120 * S, maxLen: 4, priority: 3 },
  { name: 'chat', channel: 'chat', callsPerDay: 180, talkMedianMs: 420 * S, patienceMedianMs: 300 * S, maxWaitMs: 600 * S, priority: 1 },
];

const WEEK = [1, 2, 3, 4, 5] as const;
const WITH_SATURDAY = [1, 2, 3, 4, 5, 6] as const;
const WEEKEND = [6, 7] as const;

const agent = (name: string, queues: string[], start: string, end: string, days: readonly number[] = WEEK): AgentSpec =>
  ({ name, queues, shift: { start, end }, days });

export const DEFAULT_AGENTS: readonly AgentSpec[] = [
  agent('anna.rossi', ['sales', 'vip'], '08:00', '16:30', WITH_SATURDAY),
  agent('marco.bianchi', ['sales'], '09:00', '17:30'),
  agent('giulia.esposito', ['sales', 'billing', 'vip'], '11:00', '19:30'),
  agent('luca.romano', ['sales'], '08:00', '16:30'),
  agent('federico.leone', ['sales', 'support'], '08:00', '16:30'),
  agent('valentina.moretti', ['sales', 'support'], '10:00', '18:30'),
  agent('francesca.galli', ['sales'], '14:00', '20:00'),
  agent('sara.colombo', ['support'], '08:00', '16:30', WITH_SATURDAY),
  agent('paolo.ricci', ['support'], '09:00', '17:30'),
  agent('elena.marino', ['support', 'billing'], '09:00', '17:30'),
  agent('davide.greco', ['support', 'vip'], '11:00', '19:30'),
  agent('chiara.bruno', ['support'], '12:00', '20:00'),
  agent('roberto.conti', ['support', 'sales'], '13:00', '21:00', WITH_SATURDAY),
  agent('mihai.stan', ['support'], '07:30', '13:30', WITH_SATURDAY),
  agent('piotr.nowak', ['support', 'chat'], '08:00', '16:30'),
  agent('katarzyna.kowalska', ['billing'], '08:30', '17:00', WITH_SATURDAY),
  agent('magdalena.lewandowska', ['billing', 'support'], '09:00', '17:30'),
  agent('tomasz.wisniewski', ['billing', 'support'], '10:00', '18:30'),
  agent('alessandro.ferrari', ['vip', 'support', 'billing'], '08:30', '17:00'),
  agent('maria.dumitru', ['vip', 'sales'], '09:00', '17:30'),
  agent('agnieszka.wojcik', ['chat'], '08:00', '16:30'),
  agent('ioana.popescu', ['chat'], '10:00', '18:30', WITH_SATURDAY),
  agent('andrei.ionescu', ['chat', 'support'], '12:00', '20:30'),
  agent('ewa.zielinska', ['chat', 'billing'], '09:00', '13:00'),
  agent('zofia.mazur', ['chat'], '09:00', '17:30'),
  // The weekend crew: a skeleton service on Saturday and Sunday.
  agent('cristina.radu', ['support', 'sales', 'billing', 'vip'], '09:00', '17:00', WEEKEND),
  agent('ion.georgescu', ['sales', 'support', 'vip'], '10:00', '18:00', WEEKEND),
  agent('bartosz.kaminski', ['chat', 'support', 'billing'], '09:00', '17:00', WEEKEND),
];
