/** The fields of the tickets the numbering race opens (test/tickets-numbering.test.ts and its worker). */
import type { Person, TicketFields } from '@callboard/metrics';

export function raceFields(subject: string, by: Person): TicketFields {
  return {
    date: new Date().toISOString().slice(0, 10), client: 'Race Srl', contactPerson: '', type: 'fault', subject, product: '', serialLot: '', priority: 'medium',
    confirmed: false, takenBy: by, verifiedBy: null, team: [], scheduledStart: null, scheduledEnd: null, phone: '', email: '', address: '', locality: '',
    region: '', country: '', contract: '', estimate: '', remarks: '',
  };
}
