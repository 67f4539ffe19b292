// Pages render in the browser: data comes from the same-origin API with the session cookie or a TV's display cookie.
export const ssr = false;
export const prerender = false;
