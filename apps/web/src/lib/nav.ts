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

/** The home page's buttons, the first the most likely next step. */
export const HOME_PAGES = pages(['/live', '/callbacks', '/reports', '/callbacks/dashboard', '/campaigns', '/tickets', '/tickets/calendar', '/agent', '/wallboards', '/builder', '/exports', '/admin/users', '/account'], { '/live': 'Live supervisor view', '/exports': 'Exports of history' });
