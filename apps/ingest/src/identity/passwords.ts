/** Password hashing (argon2id via @node-rs/argon2), the password policy, and generated passwords. */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// :NOTE: OWASP's argon2id baseline (19 MiB, 2 passes): ~30 ms here, so a login burst stays cheap.
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, PARAMS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the login does not exist, so timing does not reveal which logins exist. */
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
}

/** A readable random password (about 100 bits), shown once. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').match(/.{1,5}/g)!.join('-');
}
