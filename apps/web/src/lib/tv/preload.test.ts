import { describe, expect, it } from 'vitest';
import { tvPreloadLink, tvPreloads } from './preload.ts';

describe('tv preloads', () => {
  it.each([
    ['/tv/floor-1', ['wallboards/floor-1', 'live', 'metrics/catalogue', 'custom-metrics']],
    ['/tv/playlist?ids=a,%20b,,c&seconds=30', ['wallboards/a', 'wallboards/b', 'wallboards/c', 'live', 'metrics/catalogue', 'custom-metrics']],
    ['/tv/playlist', []],
    ['/tv/playlist?ids=,', []],
    ['/tv/a%20b', ['wallboards/a%20b', 'live', 'metrics/catalogue', 'custom-metrics']],
    ['/tv', []],
    ['/tv/a/b', []],
    ['/wallboards', []],
  ])('tv preloads - %s', (path, expected) => {
    expect(tvPreloads(new URL(path, 'http://tv.invalid'))).toEqual(expected);
  });

  it('tv preloads - a Link header the browser fetches with the credentials the page uses', () => {
    expect(tvPreloadLink(new URL('http://tv.invalid/tv/x'))).toBe([
      '</api/v1/wallboards/x>; rel="preload"; as="fetch"; crossorigin="use-credentials"',
      '</api/v1/live>; rel="preload"; as="fetch"; crossorigin="use-credentials"',
      '</api/v1/metrics/catalogue>; rel="preload"; as="fetch"; crossorigin="use-credentials"',
      '</api/v1/custom-metrics>; rel="preload"; as="fetch"; crossorigin="use-credentials"',
    ].join(', '));
  });
});
