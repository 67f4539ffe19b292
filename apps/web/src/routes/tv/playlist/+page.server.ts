// A playlist's first answers (lib/tv/first-answers.ts), read on the server: the page's HTML carries its first numbers.
import { playlistIds, tvFirst } from '$lib/tv/first-answers.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url }) => {
  const ids = playlistIds(url);
  return { ids, seconds: Number(url.searchParams.get('seconds') ?? 30) || 30, first: await tvFirst(ids, fetch) };
};
