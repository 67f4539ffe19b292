/**
 * Seed 003's reports, each one ClickHouse SELECT with its columns — the shape the export path takes
 * (`{ name, columns: {key,label,type}[], query, query_params }`), so any of them can be exported as CSV or Excel:
 * all tickets over a period ("Borderou sesizari"), the detailed list by object ("Borderou detaliat obiecte"),
 * the list by product ("Borderou produse"), and the evolution sheet of one ticket: its notes in order
 * ("Fisa evolutie sesizare"). Over `tickets FINAL` (the last snapshot of each ticket) and `ticket_log`.
 */
export interface ReportColumn {
  key: string;
  label: string;
  type: 'string' | 'number' | 'datetime' | 'date';
}

export interface ReportSpec {
  name: string;
  title: string;
  columns: ReportColumn[];
  query: string;
  query_params: Record<string, string>;
}

const col = (key: string, label: string, type: ReportColumn['type'] = 'string'): ReportColumn => ({ key, label, type });
/** A DateTime64 column in the tenant's timezone, '' when unset (stored as 1970). */
const local = (c: string, as: string) => `if(toUnixTimestamp64Milli(${c}) = 0, '', formatDateTime(${c}, '%Y-%m-%d %H:%i', {tz:String})) AS ${as}`;

export function ticketReport(name: 'tickets' | 'objects' | 'products' | 'evolution', p: { tenant: string; timezone: string; from: string; to: string; ticket?: string }): ReportSpec {
  const params = { tenant: p.tenant, tz: p.timezone, from: p.from, to: p.to, ticket: p.ticket ?? '' };
  const period = 'tenant = {tenant:String} AND date >= toDate({from:String}) AND date <= toDate({to:String})';
  switch (name) {
    case 'tickets':
      return {
        name, title: `Tickets ${p.from} – ${p.to}`, query_params: params,
        columns: [col('id', 'Ticket'), col('doc_date', 'Date', 'date'), col('client', 'Client'), col('contact_person', 'Contact person'), col('type', 'Type'),
          col('subject', 'Subject'), col('product', 'Object'), col('serial_lot', 'Serial/lot'), col('priority', 'Priority'), col('status_name', 'Status'),
          col('taken_by_name', 'Taken by'), col('verified_by_name', 'Verified by'), col('handler_name', 'Handler'), col('scheduled_start', 'Scheduled start', 'datetime'),
          col('scheduled_end', 'Scheduled end', 'datetime'), col('phone', 'Phone'), col('email', 'E-mail'), col('locality', 'Locality'), col('notes', 'Notes', 'number')],
        query: `SELECT id, toString(date) AS doc_date, client, contact_person, type, subject, product, serial_lot, priority, replaceAll(status, '_', ' ') AS status_name,
  taken_by_name, verified_by_name, handler_name, ${local('scheduled_start', 'scheduled_start')}, ${local('scheduled_end', 'scheduled_end')}, phone, email, locality, notes
FROM tickets FINAL WHERE ${period} ORDER BY series, number`,
      };
    case 'objects':
      return {
        name, title: `Ticket objects in detail ${p.from} – ${p.to}`, query_params: params,
        columns: [col('object', 'Object'), col('serial_lot', 'Serial/lot'), col('id', 'Ticket'), col('doc_date', 'Date', 'date'), col('client', 'Client'),
          col('type', 'Type'), col('subject', 'Subject'), col('status_name', 'Status'), col('finalised_at', 'Finalised', 'datetime')],
        query: `SELECT if(product = '', '(no object)', product) AS object, serial_lot, id, toString(date) AS doc_date, client, type, subject, replaceAll(status, '_', ' ') AS status_name,
  ${local('finalised_at', 'finalised_at')}
FROM tickets FINAL WHERE ${period} ORDER BY object, serial_lot, series, number`,
      };
    case 'products':
      return {
        name, title: `Products in tickets ${p.from} – ${p.to}`, query_params: params,
        columns: [col('object', 'Product'), col('tickets', 'Tickets', 'number'), col('open', 'Open', 'number'), col('finalised', 'Finalised', 'number'),
          col('cancelled', 'Cancelled', 'number'), col('serials', 'Serials/lots', 'number'), col('clients', 'Clients', 'number')],
        query: `SELECT if(product = '', '(no object)', product) AS object, count() AS tickets, countIf(status IN ('taken', 'allocated', 'allocated_confirmed')) AS open,
  countIf(status = 'finalised') AS finalised, countIf(status = 'cancelled') AS cancelled, uniqExactIf(serial_lot, serial_lot != '') AS serials, uniqExact(client) AS clients
FROM tickets FINAL WHERE ${period} GROUP BY object ORDER BY tickets DESC, object`,
      };
    case 'evolution':
      return {
        name, title: `Evolution of ticket ${p.ticket ?? ''}`, query_params: params,
        columns: [col('at', 'When', 'datetime'), col('person', 'Person'), col('note', 'Note')],
        query: `SELECT formatDateTime(ts, '%Y-%m-%d %H:%i', {tz:String}) AS at, actor_name AS person, new_value AS note
FROM ticket_log FINAL WHERE tenant = {tenant:String} AND ticket_id = {ticket:String} AND action = 'note' ORDER BY seq`,
      };
  }
}

/** CSV (RFC 4180, with a header of the labels); formulas are defused for spreadsheets. */
export function toCsv(columns: ReportColumn[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.map((c) => cell(c.label)).join(','), ...rows.map((r) => columns.map((c) => cell(r[c.key])).join(','))].join('\r\n') + '\r\n';
}
