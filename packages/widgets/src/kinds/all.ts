/** Every widget kind, one line each: adding a kind is its folder and its line here (and its Widget.svelte in the web app's views.ts). */
export { agents } from './agents/index.ts';
export { bar } from './bar/index.ts';
export { clock } from './clock/index.ts';
export { donut } from './donut/index.ts';
export { gauge } from './gauge/index.ts';
export { line } from './line/index.ts';
export { table } from './table/index.ts';
export { text } from './text/index.ts';
export { tile } from './tile/index.ts';
export { waiting } from './waiting/index.ts';
