/** The caller's own tenant and its metric settings. */
import { z } from 'zod';
import { TENANT_PATTERN, TenantSettings } from '@callboard/metrics';

export { TenantSettings };

export const Tenant = z.object({
  id: z.string().regex(TENANT_PATTERN),
  name: z.string().min(1).max(120),
  settings: TenantSettings,
  createdAt: z.number().describe('epoch ms'),
});
export type Tenant = z.infer<typeof Tenant>;
