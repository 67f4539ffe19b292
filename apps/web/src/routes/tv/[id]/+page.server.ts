// One wallboard's first answers (lib/tv/first-answers.ts), read on the server: the page's HTML carries its first numbers.
import { tvFirst } from '$lib/tv/first-answers.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => ({ first: await tvFirst([params.id], fetch) });
