import type { ServiceContext } from '../core/server/context.js';
import { namedCase, namedCode, resolveNamed } from '../core/shared/resolve.js';
import { call } from './command.js';

/** Codes named by id, key or label in either language; an unknown or ambiguous name fails. */
export async function resolveCodes(ctx: ServiceContext, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const codes = (await call(ctx, 'codes.tree', {})).map(namedCode);
  return refs.map((ref) => resolveNamed(codes, ref, 'code').id);
}

/** Cases named by id, key or label in either language. */
export async function resolveCases(ctx: ServiceContext, refs: string[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const cases = (await call(ctx, 'cases.list', {})).map(namedCase);
  return refs.map((ref) => resolveNamed(cases, ref, 'case').id);
}
