/** Public surface of the Asterisk AMI side of the adapter: client, command → action mapping, executor, command links. */
export { AmiClient, AmiUnavailableError } from './client.ts';
export type { AmiClientOptions } from './client.ts';
export { AmiFieldError, AmiMessage, AmiParser, formatMessage } from './protocol.ts';
export type { AmiFields } from './protocol.ts';
export { amiAction, describeDone, DEFAULT_ACTION_OPTIONS } from './actions.ts';
export type { AmiActionOptions } from './actions.ts';
export { createAmiExecutor } from './executor.ts';
export type { CommandExecutor } from './executor.ts';
export { linkToBus, linkToEngine } from './command-link.ts';
export type { CommandLink, EngineLinkOptions } from './command-link.ts';
