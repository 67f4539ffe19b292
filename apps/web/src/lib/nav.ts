// The office pages' names, once: the header bar's links and the home page's buttons (each shown to the roles that may open it).
const NAMES = {
  '/agent': 'My work',
  '/callbacks': 'Assign Call',
  '/callbacks/dashboard': 'Missed-call dashboard',
  '/campaigns': 'Campaigns',
  '/tickets': 'Tickets',
  '/tickets/calendar': 'Ticket calendar',
  '/live': 'Live',
  '/reports': 'Reports',
  '/reports/schedules': 'Scheduled reports',
  '/wallboards': 'Wallboards',
  '/builder': 'Widget builder',
  '/exports': 'Exports',
  '/admin/users': 'Administration',
  '/account': 'Your account',
} as const;
type Href = keyof typeof NAMES;

const pages = (hrefs: Href[], longer: Partial<Record<Href, string>> = {}) => hrefs.map((href) => ({ href, label: longer[href] ?? NAMES[href] }));

/** The header bar, left to right. */
export const HEADER_LINKS = pages(['/agent', '/callbacks', '/campaigns', '/tickets', '/live', '/reports', '/exports', '/wallboards', '/builder']);

/** The home page's longer names, where the header's short one would not say enough on its own. */
const HOME_NAMES: Partial<Record<Href, string>> = { '/live': 'Live supervisor view', '/exports': 'Exports of history' };
const home = (title: string, entries: [Href, string][]) => ({ title, pages: pages(entries.map(([href]) => href), HOME_NAMES).map((p, i) => ({ ...p, about: entries[i][1] })) });

/** The home page: the pages in groups by what one comes to do, each with a line saying what it is for. */
export const HOME_GROUPS: { title: string; pages: { href: Href; label: string; about: string }[] }[] = [
  home('Watch', [
    ['/live', 'Every queue now: callers waiting, agents by state, today\'s service level.'],
    ['/wallboards', 'Boards for the wall TVs: edit a board, then launch it on a screen.'],
  ]),
  home('Work', [
    ['/agent', 'Your callbacks, the missed calls of your queues, your state and your day.'],
    ['/callbacks', 'Missed calls waiting for a callback: assign them to agents.'],
    ['/campaigns', 'Lists of numbers to call back, worked like missed calls.'],
    ['/tickets', 'Cases raised by callers: open, assign, work and close them.'],
    ['/tickets/calendar', 'Scheduled tickets by day and week, to drag to another time.'],
  ]),
  home('Analyse', [
    ['/reports', 'Queues, agents, callers and service over any range, down to one call.'],
    ['/callbacks/dashboard', 'What became of missed calls: recalled, served, still open.'],
    ['/reports/schedules', 'A report e-mailed as CSV or Excel every day, week or month.'],
    ['/exports', 'Calls, events and agent states as CSV, Excel, Parquet or Arrow.'],
  ]),
  home('Set up', [
    ['/builder', 'Make a widget or a custom metric and add it to a board.'],
    ['/admin/users', 'Users, roles, queues, display tokens and the centre\'s settings.'],
    ['/account', 'Your password and your sessions.'],
  ]),
];
