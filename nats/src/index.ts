/** Public surface of @callboard/nats. */
export { Subjects, Streams, Consumers, Buckets, Leases } from './names.ts';
export { TenantKeys, IdentityKeys, WallboardKeys, CallbackKeys, TicketKeys, ScheduleKeys, LegacyKeys } from './keys.ts';
export type { Bucket } from './names.ts';
export type { TenantKeyFamily, GlobalKeyFamily } from './keys.ts';
