/** Public surface of the Asterisk queue_log adapter. */
export { parseQueueLogLine } from './parse-line.ts';
export { createQueueLogMapper } from './mapper.ts';
export { defaultAgentName } from './agent-name.ts';
export { followQueueLog } from './follow.ts';
export type { ParsedLine, QueueLogRecord } from './parse-line.ts';
export type { QueueLogMapper, QueueLogMapperOptions, QueueLogResult } from './mapper.ts';
export type { FollowQueueLogOptions, QueueLogFollower, QueueLogStats } from './follow.ts';
