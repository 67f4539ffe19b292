// Same-origin fetch helper for the engine API: credentials included, JSON errors surfaced as ApiError messages.

/** An API call that failed; `message` is the server's explanation, fit to show to a person. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Call /api/v1/<path> and return its JSON; throws ApiError with the server's message on failure. */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const url = new URL(`/api/v1/${path.replace(/^\//, '')}`, typeof location === 'undefined' ? 'http://localhost' : location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url.pathname + url.search, {
      method: opts.method ?? 'GET',
      headers,
      credentials: 'include',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('cannot reach the server; check the connection', 0, 'network');
  }
  const text = await res.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    const body = (json ?? {}) as { message?: string; error?: string };
    throw new ApiError(body.message ?? (text.slice(0, 200) || res.statusText), res.status, body.error ?? String(res.status));
  }
  return json as T;
}
