/** Wallboards in the operational KV bucket, key `<tenant>.<id>`; updates are compare-and-set on the KV revision. */
import { randomBytes } from 'node:crypto';
import { Buckets } from '@callboard/nats';
import { Wallboard, type WallboardInput } from '@callboard/widgets';
import { KvConflictError, type EventBus, type Kv } from '@callboard/bus';
import { WallboardConflictError, WallboardNotFoundError } from './errors.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function slug(name: string): string {
  const s = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${s || 'board'}-${randomBytes(3).toString('hex')}`;
}

export class WallboardStore {
  private constructor(private readonly kv: Kv) {}

  static async open(bus: EventBus): Promise<WallboardStore> {
    return new WallboardStore(await bus.kv(Buckets.wallboards));
  }

  private key = (tenant: string, id: string) => `${tenant}.${id}`;

  async list(tenant: string): Promise<Wallboard[]> {
    // :NOTE: the bucket also holds `<tenant>.metric.<id>` and markers; wallboard keys have exactly one dot.
    const keys = (await this.kv.keys(`${tenant}.`)).filter((k) => k.split('.').length === 2);
    const boards = await Promise.all(keys.map((k) => this.read(k)));
    return boards.filter((b): b is Wallboard => b !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(tenant: string, id: string): Promise<Wallboard> {
    const b = await this.read(this.key(tenant, id));
    if (!b) throw new WallboardNotFoundError(id);
    return b;
  }

  async create(tenant: string, input: WallboardInput, by: string, id = slug(input.name)): Promise<Wallboard> {
    const now = Date.now();
    const board: Wallboard = { ...input, id, archived: false, createdAt: now, updatedAt: now, createdBy: by, updatedBy: by };
    try {
      const revision = await this.kv.create(this.key(tenant, id), enc.encode(JSON.stringify(Wallboard.parse(board))));
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
    await this.kv.delete(this.key(tenant, id));
  }

  /** Run `seed` once per tenant and name, ever: a marker key remembers it even after the board is deleted. */
  async once(tenant: string, name: string, seed: () => Promise<unknown>): Promise<void> {
    const marker = `${tenant}.seeded.${name}`;
    if (await this.kv.get(marker)) return;
    await seed();
    await this.kv.put(marker, enc.encode(String(Date.now())));
  }

  private async change(tenant: string, id: string, revision: number, edit: (b: Wallboard) => Wallboard, by: string): Promise<Wallboard> {
    const key = this.key(tenant, id);
    const entry = await this.kv.get(key);
    if (!entry) throw new WallboardNotFoundError(id);
    if (entry.revision !== revision) throw new WallboardConflictError(`wallboard ${id} was changed by someone else since you loaded it; reload to see their changes`);
    const next = Wallboard.parse({ ...edit(JSON.parse(dec.decode(entry.value))), revision: undefined, updatedAt: Date.now(), updatedBy: by });
    try {
      return { ...next, revision: await this.kv.update(key, enc.encode(JSON.stringify(next)), revision) };
    } catch (err) {
      if (err instanceof KvConflictError) throw new WallboardConflictError(`wallboard ${id} was changed by someone else at the same moment; reload`, { cause: err });
      throw err;
    }
  }

  private async read(key: string): Promise<Wallboard | null> {
    const entry = await this.kv.get(key);
    if (!entry) return null;
    return { ...Wallboard.parse(JSON.parse(dec.decode(entry.value))), revision: entry.revision };
  }
}
