/**
 * Time to first numbers as a viewer sees it, in the page's own clock: an init script (run before any of the page's)
 * looks at every rendering step (requestAnimationFrame, just before the frame is painted) for the first widget value,
 * chart or table whose text starts with a digit. Playwright's own polling is not used for it: in a renderer busy
 * parsing and hydrating, its first poll can come a second after the numbers were painted.
 */
export const FIRST_NUMBERS = '[data-widget] .value, [data-widget] svg, [data-widget] table';

/** Sets `window.__firstNumbers` (ms after navigation start) at the first frame with numbers. */
export const FIRST_NUMBERS_PROBE = `(() => {
  const has = () => /^\\d/.test(document.querySelector(${JSON.stringify(FIRST_NUMBERS)})?.textContent ?? '');
  const look = () => { if (has()) window.__firstNumbers = performance.now(); else requestAnimationFrame(look); };
  requestAnimationFrame(look);
})()`;

/** After the numbers showed: the frame's time after navigation start, and when the navigation started (wall-clock ms). */
export const FIRST_NUMBERS_READ = '({ firstNumbers: window.__firstNumbers, timeOrigin: performance.timeOrigin })';
