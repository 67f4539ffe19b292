/** The named plugins and the route plugins that declare them: a route plugin registered without what it needs fails at start, by name. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import bus from './external/bus.ts';
import wallboards from './app/wallboards.ts';
import customMetricRoutes from '../routes/custom-metrics/index.ts';

describe('plugins', () => {
  it('plugins - a route plugin without its store plugin is refused, naming both', async () => {
    const app = Fastify();
    await expect(app.register(customMetricRoutes)).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
      message: "The dependency 'wallboards' of plugin 'routes/custom-metrics' is not registered",
    });
  });

  it('plugins - a store plugin without the bus plugin is refused', async () => {
    const app = Fastify();
    await expect(app.register(wallboards, { wallboards: {} as never, customMetrics: {} as never })).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
    });
  });

  it('plugins - registered in order, each decorates the instance once with what it was given', async () => {
    const app = Fastify();
    const store = { list: async () => [] } as never;
    await app.register(bus, { bus: { kind: 'embedded' } as never });
    await app.register(wallboards, { wallboards: store, customMetrics: store });
    await app.ready();
    expect(app.wallboards).toBe(store);
    expect(app.customMetrics).toBe(store);
    expect(app.bus.kind).toBe('embedded');
    await app.close();
  });
});
