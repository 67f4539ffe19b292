// What a TV page reads first, as preload hints on its HTML: the browser fetches it while the page's code loads.
/**
 * The API answers the TV page at `url` (`/tv/<id>`, `/tv/playlist?ids=a,b`) reads before its first numbers: the
 * wallboards, the live snapshot, the metric catalogue and the custom metrics; [] for other pages and for a playlist
 * without wallboards (the page only says how to name them; a preload left unused is a console warning).
 * :NOTE: the page must ask for them exactly so (same URL, `credentials: 'include'` as lib/api.ts does, hence
 * `crossorigin=use-credentials`), or the browser fetches them twice.
 */
export function tvPreloads(url: URL): string[] {
  const m = /^\/tv\/([^/]+)$/.exec(url.pathname);
  if (!m) return [];
  const ids = m[1] === 'playlist' ? (url.searchParams.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean) : [decodeURIComponent(m[1])];
  if (!ids.length) return [];
  return [...ids.map((id) => `wallboards/${encodeURIComponent(id)}`), 'live', 'metrics/catalogue', 'custom-metrics'];
}

/** The same as a `Link` header value. */
export const tvPreloadLink = (url: URL): string =>
  tvPreloads(url).map((p) => `</api/v1/${p}>; rel="preload"; as="fetch"; crossorigin="use-credentials"`).join(', ');
