/** Named bus errors shared by both implementations (KvConflictError lives beside the contract in types.ts). */

/** Base class: every bus error carries a stable `code`. */
export class BusError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusError';
    this.code = code;
  }
}

/** A persistent publish hit a subject that no stream captures (NATS answers "no responders"). */
export class NoStreamError extends BusError {
  constructor(subject: string, options?: { cause?: unknown }) {
    super('BUS_NO_STREAM', `no stream captures subject "${subject}"`, options);
    this.name = 'NoStreamError';
  }
}

/** A stream or consumer does not exist, or a configuration cannot be applied. */
export class BusConfigError extends BusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BUS_CONFIG', message, options);
    this.name = 'BusConfigError';
  }
}

/** The bus was closed; the operation did not happen. */
export class BusClosedError extends BusError {
  constructor(options?: { cause?: unknown }) {
    super('BUS_CLOSED', 'the bus is closed', options);
    this.name = 'BusClosedError';
  }
}

/** A KV key NATS would reject (same rule in both implementations, so code never depends on which one runs). */
export class KvKeyError extends BusError {
  constructor(key: string) {
    super('KV_BAD_KEY', `invalid KV key "${key}": use [-/_=.a-zA-Z0-9], not starting or ending with "."`);
    this.name = 'KvKeyError';
  }
}
