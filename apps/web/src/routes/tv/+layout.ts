// TV pages are rendered on the server too (the rest of the app renders in the browser, routes/+layout.ts): a wall TV
// shows its first numbers from the HTML, before its code has loaded; the code then hydrates them and goes live.
export const ssr = true;
