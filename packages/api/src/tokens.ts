/** API and display tokens: the listed record (never its secret), the create body, the one-time secret. */
import { z } from 'zod';
import { Role } from './roles.ts';

export const TokenView = z.object({
  id: z.string(),
  tenant: z.string(),
  role: Role,
  name: z.string(),
  createdAt: z.number().describe('epoch ms'),
  createdBy: z.string(),
  revokedAt: z.number().nullable().describe('epoch ms; null while valid'),
  wallboards: z.array(z.string()).optional().describe('display tokens: the wallboards this TV may show'),
});
export type TokenView = z.infer<typeof TokenView>;

export const TokenList = z.object({ tokens: z.array(TokenView) });
export type TokenList = z.infer<typeof TokenList>;

export const CreateToken = z.object({
  name: z.string().min(1).max(120),
  role: Role,
  wallboards: z.array(z.string().min(1)).max(100).optional().describe('display tokens: the wallboards this TV may show'),
}).refine((t) => (t.role === 'display') === (t.wallboards !== undefined && t.wallboards.length > 0), {
  message: 'a display token needs its wallboards, and only a display token has them', path: ['wallboards'],
});
export type CreateToken = z.infer<typeof CreateToken>;

export const CreatedToken = TokenView.extend({ token: z.string().describe('the secret: shown in this answer only') });
export type CreatedToken = z.infer<typeof CreatedToken>;
