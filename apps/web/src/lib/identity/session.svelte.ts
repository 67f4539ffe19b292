// The signed-in user (GET /api/v1/auth/me) as reactive state; page access rules live in access.ts.
import { api, ApiError } from '$lib/api';
import type { Me, Role } from './access';

export { canSee, type Me, type Role } from './access';

class Session {
  me = $state<Me | null>(null);
  loaded = $state(false);

  /** Ask the engine who we are; null when not signed in. */
  async load(): Promise<Me | null> {
    try {
      this.me = await api<Me>('auth/me');
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      this.me = null;
    } finally {
      this.loaded = true;
    }
    return this.me;
  }

  has(...roles: Role[]): boolean {
    return this.me !== null && this.me.roles.some((r) => roles.includes(r));
  }

  async logout(): Promise<void> {
    await api('auth/logout', { method: 'POST' });
    this.me = null;
  }
}

export const session = new Session();
