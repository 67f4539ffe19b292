// Types and small helpers for the user admin screens (mirrors apps/ingest/src/schemas/users.ts).
export const USER_ROLES = ['admin', 'supervisor', 'analyst', 'agent', 'display'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserView {
  id: string;
  tenant: string;
  login: string;
  name: string;
  email: string | null;
  roles: UserRole[];
  extension: string | null;
  queues: string[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
}

export interface UserDraft {
  login: string;
  name: string;
  email: string;
  roles: UserRole[];
  extension: string;
  queues: string;
  password: string;
}

export const ROLE_HELP: Record<UserRole, string> = {
  admin: 'users, tokens, settings, audit',
  supervisor: 'live views, callbacks, reports, password resets',
  analyst: 'widgets, wallboards, reports',
  agent: 'own callbacks and tickets',
  display: 'reads wallboards only',
};

// :NOTE: no role pre-checked: a new supervisor must not silently become an agent too; Create waits for a choice.
export const emptyDraft = (): UserDraft => ({ login: '', name: '', email: '', roles: [], extension: '', queues: '', password: '' });

export const draftOf = (u: UserView): UserDraft => ({
  login: u.login, name: u.name, email: u.email ?? '', roles: [...u.roles], extension: u.extension ?? '', queues: u.queues.join(', '), password: '',
});

/** The API body of a draft: empty fields become null, queues a list. */
export function bodyOf(d: UserDraft, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: d.name.trim(), email: d.email.trim() || null, roles: d.roles, extension: d.extension.trim() || null,
    queues: d.queues.split(',').map((q) => q.trim()).filter(Boolean),
  };
  if (creating) {
    body.login = d.login.trim();
    if (d.password) body.password = d.password;
  }
  return body;
}
