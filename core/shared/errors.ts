/** Error codes every host reports the same way: a code for programs, a message for people. */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'no_project',
  'not_casus',
  'newer_version',
  'exists',
  'conflict',
  'import_failed',
  'unsupported',
  'unauthorized',
  'forbidden',
  // An export stopped by the leak check: a register term remains in it (issue 17).
  'leak_found',
  // A write asked while the project is shown as it was (time travel): the past is read-only.
  'in_the_past',
  // The storage under the project: another program's lock, a full disk, no write access, I/O.
  'busy',
  'disk_full',
  'read_only',
  'io_error',
  // A long operation the user stopped (a REFI-QDA import): nothing of it was kept.
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Optional structured detail, e.g. the zod issues of an invalid input. */
  details?: unknown;
}

export class CasusError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CasusError';
  }

  toBody(): ApiErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * What every transport returns: never a thrown error across a process boundary. A successful
 * call that wrote says which tables it changed ('*': everything, e.g. another project was
 * opened), so a client re-reads only what shows them.
 */
export type Envelope<T> =
  { ok: true; value: T; changed?: string[] } | { ok: false; error: ApiErrorBody };
