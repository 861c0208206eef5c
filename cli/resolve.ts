import type { ServiceContext } from '../core/server/context.js';
import type { Coordinate, CubeDimension } from '../core/shared/contract/synthesis.js';
import { CasusError } from '../core/shared/errors.js';
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

/** Works as the coder named (by id or name) for this command; unknown names fail, listing the known. */
export async function chooseCoder(ctx: ServiceContext, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  const coders = await call(ctx, 'coders.list', {});
  const coder = coders.find((c) => c.id === name || c.name.toLowerCase() === name.toLowerCase());
  if (!coder) {
    const known = coders.map((c) => c.name).join(', ') || 'none yet';
    throw new CasusError('not_found', `No coder named "${name}" (known: ${known})`);
  }
  await call(ctx, 'session.setCoder', { coderId: coder.id });
}

/** "multi-level:politiek-bestuurlijk" → the codes' dimensions and ids. */
export async function codesCoordinate(ctx: ServiceContext, section: string): Promise<Coordinate> {
  const codes = (await call(ctx, 'codes.tree', {})).map((c) => ({
    ...namedCode(c),
    dimension: c.dimension,
  }));
  const c: Coordinate = {};
  for (const part of section.split(':').filter(Boolean)) {
    const code = resolveNamed(codes, part, 'code');
    c[code.dimension as CubeDimension] = code.id;
  }
  return c;
}
