// How each widget kind looks, one line each: lib/widgets/<kind>/Widget.svelte under the kind's name (registry.ts checks every kind has one, taking its own data).
export { default as agents } from './agents/Widget.svelte';
export { default as bar } from './bar/Widget.svelte';
export { default as clock } from './clock/Widget.svelte';
export { default as donut } from './donut/Widget.svelte';
export { default as gauge } from './gauge/Widget.svelte';
export { default as line } from './line/Widget.svelte';
export { default as table } from './table/Widget.svelte';
export { default as text } from './text/Widget.svelte';
export { default as tile } from './tile/Widget.svelte';
export { default as waiting } from './waiting/Widget.svelte';
