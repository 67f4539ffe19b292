/** Public surface of @callboard/nats. */
export { Subjects, Streams, Consumers, Buckets, Leases } from './names.ts';
export type { Bucket } from './names.ts';
