/** Boots a real engine (start()) for identity tests, and signs people in through the real HTTP API. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pino from 'pino';
import { loadConfig } from '../../apps/ingest/src/config.ts';
import { start, type Running, type StartOptions } from '../../apps/ingest/src/start.ts';
import type { UserRole } from '@callboard/api';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestEngine {
  running: Running;
  dir: string;
  url: string;
  stop(): Promise<void>;
}

/** An engine on a fresh data directory (one per test file: chdb allows one per process). */
export async function bootEngine(name: string, env: Record<string, string> = {}, dir?: string, extra: StartOptions['extra'] = []): Promise<TestEngine> {
  const data = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `cb-${name}-`));
  const config = loadConfig({
    CALLBOARD_DATA: data, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', LOG_LEVEL: 'silent',
    CALLBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD, CALLBOARD_BACKUP_DIR: 'off', CALLBOARD_FLUSH_MS: '50',
    // :NOTE: NATS_URL from the environment runs the same tests on a real NATS server (KV over JetStream).
    ...(process.env.NATS_URL ? { NATS_URL: process.env.NATS_URL } : {}), ...env,
  });
  const running = await start(config, { log: pino({ level: 'silent' }), extra });
  return { running, dir: data, url: running.url, stop: () => running.stop() };
}

/** Sign in through POST /api/v1/auth/login; returns the Cookie header value. */
export async function login(e: TestEngine, body: { tenant?: string; login: string; password: string }): Promise<string> {
  const res = await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body });
  if (res.statusCode !== 200) throw new Error(`login ${body.login} failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res.headers['set-cookie']);
}

export function cookieOf(setCookie: string | string[] | undefined): string {
  const first = [setCookie ?? []].flat().find((c) => c.startsWith('cb_session='));
  if (!first) throw new Error('no session cookie set');
  return first.split(';')[0];
}

/** Create a user straight in the store (the test's own tenant fixtures). */
export async function makeUser(e: TestEngine, tenant: string, login: string, roles: UserRole[], extra: { extension?: string; name?: string } = {}) {
  const password = `${login}-password-123`;
  const user = await e.running.services.identity.users.create(tenant, { login, name: extra.name ?? login, roles, extension: extra.extension ?? null, password }, 'test');
  return { user, password };
}

/** One person of a test tenant: login, roles, extension (or null) and queues. */
export type Person = readonly [login: string, roles: readonly UserRole[], extension: string | null, queues: readonly string[]];

/**
 * Creates each person in the store (named after their login, password `<login>-password-123`) and signs them in
 * through the HTTP API: fills `uid` with their user ids and `h` with their Cookie headers.
 */
export async function signInPeople(e: TestEngine, tenant: string, people: readonly Person[], uid: Record<string, string>, h: Record<string, Record<string, string>>): Promise<void> {
  for (const [name, roles, extension, queues] of people) {
    const password = `${name}-password-123`;
    const user = await e.running.services.identity.users.create(tenant, { login: name, name: name[0].toUpperCase() + name.slice(1), roles: [...roles], extension, queues: [...queues], password }, 'test');
    uid[name] = user.id;
    h[name] = { cookie: await login(e, { tenant, login: name, password }) };
  }
}

/** Minimal typing of the `ws` package (a dependency of @fastify/websocket). */
export interface Ws {
  on(event: 'open' | 'close' | 'message' | 'error' | 'unexpected-response', fn: (...args: any[]) => void): void;
  close(): void;
  readyState: number;
}
const WebSocketCtor = createRequire(import.meta.url)('ws') as new (url: string, opts?: { headers?: Record<string, string> }) => Ws;

export type WsOutcome = { open: true; ws: Ws; first: { type: string; snapshot?: { tenant: string } } } | { open: false; status: number };

/** Open a WebSocket; resolves with the first message, or the HTTP status of a refused upgrade. */
export function openWs(url: string, headers: Record<string, string> = {}): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocketCtor(url.replace(/^http/, 'ws'), { headers });
    ws.on('unexpected-response', (_req: unknown, res: { statusCode: number }) => resolve({ open: false, status: res.statusCode }));
    ws.on('message', (data: Buffer) => resolve({ open: true, ws, first: JSON.parse(data.toString()) }));
    ws.on('error', (err: Error) => reject(err));
  });
}

/** Resolves with the close code once the socket closes (or rejects after ms). */
export function closed(ws: Ws, ms = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('socket still open')), ms);
    ws.on('close', (code: number) => { clearTimeout(t); resolve(code); });
  });
}
