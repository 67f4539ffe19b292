// The report pages: which report tables each shows, its chart's series, and whether its rows are periods one can drill into.
import type { ReportId } from '@callboard/api';

export interface ReportPage {
  slug: string;
  title: string;
  summary: string;
  /** Its tables, the first the main one. */
  tables: ReportId[];
  /** Time pages group by day or hour and drill day → hour → calls → a call. */
  time: boolean;
  /** Day only (the historic report, missed calls). */
  daysOnly?: boolean;
  /** The chart's series (columns of the main table) and those hidden at first. */
  chart?: { series: string[]; hidden?: string[] };
}

export const REPORT_PAGES: ReportPage[] = [
  { slug: 'queues', title: 'Queue report', summary: 'Offered, answered, abandoned, short abandons, exited by reason, SL %, service quality %, ASA, AHT, max wait — by day or hour.', tables: ['queues'], time: true,
    chart: { series: ['offered', 'answered', 'abandoned', 'exited'] } },
  { slug: 'agents', title: 'Agent performance', summary: 'Calls handled, talk, wrap-up, AHT, occupancy and pause by reason, ranked.', tables: ['agents'], time: false },
  { slug: 'callers', title: 'Queue callers', summary: 'Weekday × hour heatmap of offered and abandoned calls, the busiest days and hours, repeat callers.', tables: ['callers-heatmap', 'callers-repeat'], time: false },
  { slug: 'service', title: 'Service level and quality', summary: 'The trend of service level % and service quality % by day or hour.', tables: ['service'], time: true,
    chart: { series: ['service_level', 'service_quality', 'abandon_rate'] } },
  { slug: 'missed', title: 'Missed calls and callbacks', summary: 'Missed calls per day and what became of their callback requests (the callbacks dashboard\'s figures).', tables: ['missed'], time: true, daysOnly: true,
    chart: { series: ['missed', 'cb_servedInbound', 'cb_handledByCallback', 'cb_notHandled'] } },
  { slug: 'historic', title: 'Historic report', summary: 'The daily table over any range, with totals; printable.', tables: ['historic'], time: true, daysOnly: true,
    chart: { series: ['offered', 'answered', 'missed', 'service_level'], hidden: ['service_level'] } },
];

export const pageOf = (slug: string) => REPORT_PAGES.find((p) => p.slug === slug);
