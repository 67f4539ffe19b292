/** Wallboards in the operational KV bucket (WallboardKeys.board); updates are compare-and-set on the KV revision. */
import { randomBytes } from 'node:crypto';
import { Buckets, WallboardKeys } from '@callboard/nats';
import { Wallboard, type WallboardInput } from '@callboard/widgets';
import { KvConflictError, type EventBus, type Kv } from '@callboard/bus';
import { z } from 'zod';
import { jsonCodec, KvCollection, type Stored } from '../kv/kv-collection.ts';
import { WallboardConflictError, WallboardNotFoundError } from './errors.ts';

function slug(name: string): string {
  const s = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${s || 'board'}-${randomBytes(3).toString('hex')}`;
}

export class WallboardStore {
  private readonly boards: KvCollection<Wallboard, [tenant: string, id: string], [tenant: string]>;
  /** When a one-time seed ran, epoch ms. */
  private readonly seeded: KvCollection<number, [tenant: string, name: string], [tenant: string]>;

  private constructor(kv: Kv) {
    this.boards = new KvCollection(kv, WallboardKeys.board, jsonCodec(Wallboard));
    this.seeded = new KvCollection(kv, WallboardKeys.seeded, jsonCodec(z.number()));
  }

  static async open(bus: EventBus): Promise<WallboardStore> {
    return new WallboardStore(await bus.kv(Buckets.wallboards));
  }

  async list(tenant: string): Promise<Wallboard[]> {
    const keys = await this.boards.keys(tenant);
    const boards = await Promise.all(keys.map(async (k) => withRevision(await this.boards.atKey(k).get())));
    return boards.filter((b): b is Wallboard => b !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(tenant: string, id: string): Promise<Wallboard> {
    const b = withRevision(await this.boards.at(tenant, id).get());
    if (!b) throw new WallboardNotFoundError(id);
    return b;
  }

  async create(tenant: string, input: WallboardInput, by: string, id = slug(input.name)): Promise<Wallboard> {
    const now = Date.now();
    const board: Wallboard = { ...input, id, archived: false, createdAt: now, updatedAt: now, createdBy: by, updatedBy: by };
    try {
      const revision = await this.boards.at(tenant, id).create(board);
      return { ...board, revision };
    } catch (err) {
      if (err instanceof KvConflictError) throw new WallboardConflictError(`a wallboard with id ${id} already exists`, { cause: err });
      throw err;
    }
  }

  /** Replace a board's content; `revision` must be the one the editor loaded, or nothing is written. */
  async replace(tenant: string, id: string, input: WallboardInput, revision: number, by: string): Promise<Wallboard> {
    return this.change(tenant, id, revision, (b) => ({ ...b, ...input }), by);
  }

  async setArchived(tenant: string, id: string, archived: boolean, by: string): Promise<Wallboard> {
    const current = await this.get(tenant, id);
    return this.change(tenant, id, current.revision!, (b) => ({ ...b, archived }), by);
  }

  async duplicate(tenant: string, id: string, by: string): Promise<Wallboard> {
    const { name, description, columns, rows, staleAfterSeconds, widgets } = await this.get(tenant, id);
    return this.create(tenant, { name: `Copy of ${name}`.slice(0, 80), description, columns, rows, staleAfterSeconds, widgets }, by);
  }

  async remove(tenant: string, id: string): Promise<void> {
    await this.get(tenant, id);
    await this.boards.at(tenant, id).delete();
  }

  /** Run `seed` once per tenant and name, ever: a marker key remembers it even after the board is deleted. */
  async once(tenant: string, name: string, seed: () => Promise<unknown>): Promise<void> {
    const marker = this.seeded.at(tenant, name);
    if (await marker.get()) return;
    await seed();
    await marker.put(Date.now());
  }

  private async change(tenant: string, id: string, revision: number, edit: (b: Wallboard) => Wallboard, by: string): Promise<Wallboard> {
    const record = this.boards.at(tenant, id);
    const entry = await record.get();
    if (!entry) throw new WallboardNotFoundError(id);
    if (entry.revision !== revision) throw new WallboardConflictError(`wallboard ${id} was changed by someone else since you loaded it; reload to see their changes`);
    const next = Wallboard.parse({ ...edit(entry.value), revision: undefined, updatedAt: Date.now(), updatedBy: by });
    try {
      return { ...next, revision: await record.update(next, revision) };
    } catch (err) {
      if (err instanceof KvConflictError) throw new WallboardConflictError(`wallboard ${id} was changed by someone else at the same moment; reload`, { cause: err });
      throw err;
    }
  }
}

const withRevision = (s: Stored<Wallboard> | null): Wallboard | null => (s ? { ...s.value, revision: s.revision } : null);
