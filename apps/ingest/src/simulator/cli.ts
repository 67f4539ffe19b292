/** Command line for the traffic simulator: publishes simulated events over HTTP, to NATS, or prints NDJSON. */
import { parseArgs } from 'node:util';
import { SINK_OPTIONS, SINK_USAGE, UsageError, exitOnError, isClosedOutput, openSink, withRetry, type EventSink } from '../adapters/sink/index.ts';
import { DEFAULT_TIMEZONE } from './defaults.ts';
import { generateDay } from './generate.ts';
import { createSimulator } from './simulator.ts';

const USAGE = `Usage: node --import tsx apps/ingest/src/simulator/cli.ts --tenant SLUG DESTINATION [options]

Simulates a contact centre (queues sales, support, billing, vip and chat; ~25 agents on shifts)
and publishes its call and agent events as they happen.

${SINK_USAGE}

Options:
  --tenant SLUG     tenant of the events (required)
  --speed N         time multiplier: 1 = real time (default), 60 = a simulated hour per minute;
                    above 1 the simulated clock runs ahead of the real one
  --start ISO       simulated time to start from (default now), e.g. 2026-11-25T07:00:00+01:00
  --day YYYY-MM-DD  generate that whole local day at once, publish it and exit
  --seed N          random seed (default 1): same seed and start give the same events and ids
  --timezone TZ     IANA timezone of the centre: shifts and peaks are local (default ${DEFAULT_TIMEZONE})
  --scale N         multiply call volume and agents (default 1)
  -h, --help        show this help

Examples:
  node --import tsx apps/ingest/src/simulator/cli.ts --url http://127.0.0.1:3000 --token $TOKEN --tenant demo
  node --import tsx apps/ingest/src/simulator/cli.ts --nats nats://127.0.0.1:4222 --tenant demo --speed 10
  node --import tsx apps/ingest/src/simulator/cli.ts --stdout --tenant demo --day 2026-11-25 > day.ndjson`;

const log = (line: string): void => void process.stderr.write(`simulator: ${line}\n`);

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...SINK_OPTIONS,
      tenant: { type: 'string' },
      speed: { type: 'string' },
      start: { type: 'string' },
      day: { type: 'string' },
      seed: { type: 'string' },
      timezone: { type: 'string' },
      scale: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (!values.tenant) throw new UsageError('--tenant is required');
  const common = {
    tenant: values.tenant,
    seed: Math.floor(number('seed', values.seed, 1)),
    timezone: values.timezone ?? DEFAULT_TIMEZONE,
    scale: number('scale', values.scale, 1),
  };
  const startAt = values.start === undefined ? undefined : Date.parse(values.start);
  if (startAt !== undefined && !Number.isFinite(startAt)) throw new UsageError(`--start must be an ISO date-time, got ${values.start}`);
  const sink: EventSink = await openSink(values, log);

  if (values.day) {
    const events = generateDay({ ...common, date: values.day });
    const retrying = withRetry(sink, { attempts: 5, log });
    for (let i = 0; i < events.length; i += 5000) await retrying.publish(events.slice(i, i + 5000));
    log(`published ${events.length} events of ${values.day}`);
    return sink.close();
  }

  let published = 0;
  const sim = createSimulator({
    ...common,
    speed: number('speed', values.speed, 1),
    startAt,
    publish: async (events) => {
      await sink.publish(events);
      published += events.length;
    },
    onError: (err) => {
      if (isClosedOutput(err)) process.exit(0);
      log(`publish failed, retrying next tick: ${(err as Error).message}`);
    },
  });
  sim.start();
  log(`running for tenant ${common.tenant} at speed ${values.speed ?? 1}; Ctrl-C to stop`);
  const progress = setInterval(() => log(`${published} events published`), 10_000);
  const shutdown = async (): Promise<void> => {
    clearInterval(progress);
    await sim.stop();
    await sink.close();
    log(`stopped after ${published} events`);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch(exitOnError(USAGE));
