import { z } from 'zod';
import { contract, isMethod, type Contract } from '../shared/contract/index.js';
import { CasusError, type Envelope } from '../shared/errors.js';
import type { ServiceContext } from './context.js';
import type { HandlersFor } from './handlers.js';
import { codingHandlers } from './services/coding.js';
import { importHandlers } from './services/import.js';
import { matrixHandlers } from './services/matrix.js';
import { projectHandlers } from './services/project.js';
import { refiHandlers } from './services/refi.js';
import { searchHandlers } from './services/search.js';
import { synthesisHandlers } from './services/synthesis.js';

/** Every handler, checked against the whole contract: a missing method is a type error. */
export const handlers: HandlersFor<Contract> = {
  ...projectHandlers,
  ...importHandlers,
  ...codingHandlers,
  ...searchHandlers,
  ...matrixHandlers,
  ...synthesisHandlers,
  ...refiHandlers,
};

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** Turns anything thrown into the error half of the envelope; unknown errors become 'internal'. */
export function toErrorEnvelope(e: unknown): Envelope<never> {
  if (e instanceof CasusError) return { ok: false, error: e.toBody() };
  if (e instanceof z.ZodError) {
    return { ok: false, error: { code: 'invalid_input', message: describeIssues(e) } };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { code: 'internal', message: `Internal error: ${message}` } };
}

/**
 * The one entry point every host uses: validates the input against the contract, runs the
 * handler, validates the output. Never throws.
 */
export async function dispatch(
  method: string,
  rawInput: unknown,
  ctx: ServiceContext,
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
    const handler = handlers[method] as (input: unknown, ctx: ServiceContext) => unknown;
    const value = spec.output.parse(await handler(parsed.data, call));
    return call.changed.size
      ? { ok: true, value, changed: [...call.changed] }
      : { ok: true, value };
  } catch (e) {
    return toErrorEnvelope(e);
  }
}
