/**
 * The demo centre's tickets: with the traffic simulator on, a tenant that has never had a ticket gets a dozen cases
 * raised by callers — new ones, some allocated for later today or tomorrow, one whose slot has passed (overdue), some
 * confirmed, some finalised, one cancelled — through the real ticket service (numbers, operation log, notes, live
 * figures), so that a newcomer's Tickets page, calendar, ticket tiles and ticket reports are not empty. Once: a
 * tenant with any ticket (a real one, or an earlier start's) is left alone.
 */
import type { Logger } from 'pino';
import { addNote, dayWindow, moveTicket, ticketSettings, type Person, type TicketFields, type TicketStatus } from '@callboard/metrics';
import type { TicketService } from './service.ts';

const HOUR = 3_600_000;

type Stage = 'new' | 'allocated' | 'confirmed' | 'finalised' | 'cancelled';

interface DemoCase {
  client: string;
  contactPerson: string;
  phone: string;
  locality: string;
  subject: string;
  product: string;
  /** Index into the tenant's ticket types (wrapped). */
  type: number;
  priority: TicketFields['priority'];
  /** How far it goes. */
  to: Stage;
  /** Its slot, in hours from now (allocated and beyond). */
  slot?: [number, number];
  note?: string;
}

export const DEMO_CASES: readonly DemoCase[] = [
  { client: 'Trattoria Da Enzo', contactPerson: 'Enzo Ferri', phone: '+390612345678', locality: 'Roma', subject: 'Card terminal offline since this morning', product: 'POS terminal T200', type: 0, priority: 'high', to: 'allocated', slot: [1, 3], note: 'Caller restarted the terminal twice; still offline.' },
  { client: 'Studio Legale Marini', contactPerson: 'Laura Marini', phone: '+390289012345', locality: 'Milano', subject: 'New line for the second office', product: 'Fibre 1G', type: 1, priority: 'medium', to: 'confirmed', slot: [20, 23] },
  { client: 'Piekarnia Nowak', contactPerson: 'Jan Nowak', phone: '+48221234567', locality: 'Warszawa', subject: 'Yearly maintenance of the router', product: 'Router R5', type: 2, priority: 'low', to: 'allocated', slot: [24, 26] },
  { client: 'Hotel Miramare', contactPerson: 'Giorgio Sala', phone: '+390541234567', locality: 'Rimini', subject: 'Invoice charged twice in November', product: '', type: 3, priority: 'high', to: 'new' },
  { client: 'Farmacia Centrale', contactPerson: 'Ana Ionescu', phone: '+40212345678', locality: 'București', subject: 'How to move the contract to the new owner', product: '', type: 4, priority: 'low', to: 'finalised', slot: [-5, -4], note: 'Sent the transfer form by e-mail.' },
  { client: 'Officina Rossi', contactPerson: 'Marco Rossi', phone: '+390114567890', locality: 'Torino', subject: 'No dial tone on two extensions', product: 'IP phones (2)', type: 0, priority: 'high', to: 'allocated', slot: [-4, -2], note: 'Technician could not get in: call the client to reschedule.' },
  { client: 'Cafe Kowalski', contactPerson: 'Ewa Kowalska', phone: '+48121234567', locality: 'Kraków', subject: 'Install the Wi-Fi extender bought online', product: 'Wi-Fi extender', type: 1, priority: 'medium', to: 'finalised', slot: [-3, -2] },
  { client: 'Scuola Primaria Verdi', contactPerson: 'Paola Verdi', phone: '+390512345678', locality: 'Bologna', subject: 'Speed drops every afternoon', product: 'Fibre 300M', type: 0, priority: 'medium', to: 'new' },
  { client: 'Brutăria Popescu', contactPerson: 'Mihai Popescu', phone: '+40264123456', locality: 'Cluj-Napoca', subject: 'Replace the damaged outdoor cable', product: 'Drop cable', type: 2, priority: 'medium', to: 'confirmed', slot: [3, 5] },
  { client: 'Agenzia Viaggi Sole', contactPerson: 'Chiara Bruno', phone: '+390817654321', locality: 'Napoli', subject: 'Wants to know the cost of a static IP', product: '', type: 4, priority: 'low', to: 'cancelled', note: 'Client will call back next month.' },
  { client: 'Dental Clinic Zielińska', contactPerson: 'Maria Zielińska', phone: '+48587654321', locality: 'Gdańsk', subject: 'Router replaced under warranty', product: 'Router R5', type: 3, priority: 'medium', to: 'finalised', slot: [-2, -1] },
  { client: 'Ristorante Il Faro', contactPerson: 'Luca Gallo', phone: '+390107654321', locality: 'Genova', subject: 'Booking line rings busy for callers', product: 'Hunt group', type: 0, priority: 'high', to: 'new' },
];

/** The moves from new to each stage, in order. */
const PATH: Record<Stage, TicketStatus[]> = {
  new: [], allocated: ['allocated'], confirmed: ['allocated', 'allocated_confirmed'],
  finalised: ['allocated', 'allocated_confirmed', 'finalised'], cancelled: ['cancelled'],
};

/**
 * Opens the demo cases for `tenant` unless it has tickets; `people` are who takes and works them (the first takes
 * every case; allocations go round them). Answers how many were opened.
 */
export async function seedDemoTickets(tickets: TicketService, tenant: string, people: readonly Person[], settings: { timezone: string; tickets?: Parameters<typeof ticketSettings>[0] }, log: Logger, now = Date.now()): Promise<number> {
  if (!people.length || tickets.list(tenant).length > 0) return 0;
  const ts = ticketSettings(settings.tickets);
  const series = ts.series[0];
  const today = dayWindow(now, settings.timezone).day;
  // slots start on the hour, counted from the hour now began
  const hour = Math.floor(now / HOUR) * HOUR;
  let opened = 0;
  for (const [i, c] of DEMO_CASES.entries()) {
    const taker = people[0];
    const worker = people[i % people.length];
    const fields: TicketFields = {
      date: today, client: c.client, contactPerson: c.contactPerson, type: ts.types[c.type % ts.types.length], subject: c.subject, product: c.product,
      serialLot: '', priority: c.priority, confirmed: false, takenBy: taker, verifiedBy: null, team: [], scheduledStart: null, scheduledEnd: null,
      phone: c.phone, email: '', address: '', locality: c.locality, region: '', country: '', contract: '', estimate: '', remarks: '',
    };
    const made = await tickets.create(tenant, series, () => ({ tenant, series, fields, source: null, by: taker }), taker);
    for (const step of PATH[c.to]) {
      const slot = c.slot ?? [1, 2];
      const extras = step === 'allocated' ? { scheduledStart: hour + slot[0] * HOUR, scheduledEnd: hour + slot[1] * HOUR, team: [worker] } : {};
      await tickets.change(tenant, made.ticket.id, (t, at) => moveTicket(t, step, extras, at), worker);
    }
    if (c.note) await tickets.change(tenant, made.ticket.id, (t, at) => addNote(t, c.note!, [], at, worker), worker);
    opened += 1;
  }
  log.info({ tenant, tickets: opened }, 'demo tickets opened');
  return opened;
}
