import { basename } from 'node:path';
import { z } from 'zod';
import { storageProblem } from '../../db/storage-errors.js';
import { filesNamedIn } from '../shared/contract/files.js';
import { contract, isMethod, type Contract } from '../shared/contract/index.js';
import { CasusError, type Envelope } from '../shared/errors.js';
import type { ServiceContext } from './context.js';
import { checkRealNameAccess } from './confidentiality/real-names.js';
import { checkFileAccess, type Caller } from './files/access.js';
import type { HandlersFor } from './handlers.js';
import { agreementHandlers } from './services/agreement.js';
import { auditHandlers } from './services/audit.js';
import { codingHandlers } from './services/coding.js';
import { confidentialityHandlers } from './services/confidentiality.js';
import { importHandlers } from './services/import.js';
import { matrixHandlers } from './services/matrix.js';
import { mediaHandlers } from './services/media.js';
import { mergeHandlers } from './services/merge.js';
import { projectHandlers } from './services/project.js';
import { refiHandlers } from './services/refi.js';
import { reportHandlers } from './services/report.js';
import { reviewHandlers } from './services/review.js';
import { searchHandlers } from './services/search.js';
import { snapshotsHandlers } from './services/snapshots.js';
import { synthesisHandlers } from './services/synthesis.js';
import { transcriptsHandlers } from './services/transcripts.js';
import { validationHandlers } from './services/validation.js';

/** Every handler, checked against the whole contract: a missing method is a type error. */
export const handlers: HandlersFor<Contract> = {
  ...projectHandlers,
  ...importHandlers,
  ...codingHandlers,
  ...searchHandlers,
  ...matrixHandlers,
  ...synthesisHandlers,
  ...refiHandlers,
  ...reportHandlers(),
  ...validationHandlers(),
  ...agreementHandlers,
  ...mergeHandlers,
  ...auditHandlers,
  ...snapshotsHandlers,
  ...transcriptsHandlers,
  ...reviewHandlers,
  ...confidentialityHandlers,
  ...mediaHandlers,
};

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** What a failing call was working on, so that a storage problem can name it. */
export interface ErrorSubject {
  /** The file written or opened: the open project, or the file a method creates. */
  path?: string | undefined;
  /** The name of the file being imported. */
  importing?: string | undefined;
}

/**
 * Turns anything thrown into the error half of the envelope. A storage problem (SQLite's or the
 * file system's: locked, disk full, read-only, I/O) gets its own code and a message naming the
 * file; other unknown errors become 'internal'.
 */
export function toErrorEnvelope(e: unknown, subject: ErrorSubject = {}): Envelope<never> {
  if (e instanceof CasusError) return { ok: false, error: e.toBody() };
  if (e instanceof z.ZodError) {
    return { ok: false, error: { code: 'invalid_input', message: describeIssues(e) } };
  }
  const problem = storageProblem(e, subject.path);
  if (problem) {
    const file = subject.path ? basename(subject.path) : undefined;
    const message = subject.importing
      ? `${subject.importing}: could not be imported${file ? ` into ${file}` : ''}: ${problem.reason}`
      : file
        ? `${file}: ${problem.reason}`
        : problem.reason;
    return { ok: false, error: { code: problem.code, message } };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { code: 'internal', message: `Internal error: ${message}` } };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The file a call writes or opens (its outPath or path, else the open project) and any import. */
function subjectOf(input: unknown, ctx: ServiceContext): ErrorSubject {
  const o = isRecord(input) ? input : {};
  return {
    path: text(o.outPath) ?? text(o.path) ?? ctx.session.path ?? undefined,
    importing: isRecord(o.file) ? text(o.file.fileName) : undefined,
  };
}

/**
 * The one entry point every host uses: validates the input against the contract, checks that the
 * caller may name the files it names (see files/access.ts), runs the handler, validates the
 * output. Never throws.
 */
export async function dispatch(
  method: string,
  rawInput: unknown,
  ctx: ServiceContext,
  caller: Caller,
): Promise<Envelope<unknown>> {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `Unknown method "${method}"` } };
  }
  const spec = contract[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `Invalid input for ${method}: ${describeIssues(parsed.error)}`,
        details: parsed.error.issues,
      },
    };
  }
  const call = ctx.forCall();
  try {
    checkFileAccess(method, filesNamedIn(spec.input, parsed.data), caller, ctx.session.path);
    checkRealNameAccess(method, parsed.data, caller);
    const handler = handlers[method] as (input: unknown, ctx: ServiceContext) => unknown;
    const value = spec.output.parse(await handler(parsed.data, call));
    return call.changed.size
      ? { ok: true, value, changed: [...call.changed] }
      : { ok: true, value };
  } catch (e) {
    return toErrorEnvelope(e, subjectOf(parsed.data, ctx));
  }
}
