/** One describe block's real nats-server and a client connection to it: up before its tests, down after. */
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll } from 'vitest';
import { startNatsServer, type NatsServer } from './nats-server.ts';

export function useNats(): { server: NatsServer; nc: NatsConnection } {
  const t = {} as { server: NatsServer; nc: NatsConnection };
  beforeAll(async () => {
    t.server = await startNatsServer();
    t.nc = await connect({ servers: t.server.url });
  });
  afterAll(async () => {
    await t.nc?.close();
    await t.server?.stop();
  });
  return t;
}
