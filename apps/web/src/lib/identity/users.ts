// The user admin screens' form: a draft of a user, its help texts, and the API body it becomes (users and roles: @callboard/api).
import type { CreateUser, UpdateUser, UserRole, UserView } from '@callboard/api';

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
export function bodyOf(d: UserDraft, creating: true): CreateUser;
export function bodyOf(d: UserDraft, creating: false): UpdateUser;
export function bodyOf(d: UserDraft, creating: boolean): CreateUser | UpdateUser {
  const body: UpdateUser & Partial<CreateUser> = {
    name: d.name.trim(), email: d.email.trim() || null, roles: d.roles, extension: d.extension.trim() || null,
    queues: d.queues.split(',').map((q) => q.trim()).filter(Boolean),
  };
  if (creating) {
    body.login = d.login.trim();
    if (d.password) body.password = d.password;
  }
  return body;
}
