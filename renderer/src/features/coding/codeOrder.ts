import { DimensionSchema, type Code } from '../../../../core/shared/contract/schemas.js';

const DIMENSIONS: readonly string[] = DimensionSchema.options;

/**
 * The order a segment's codes are shown in (stripes, segment panel): the study's dimensions in
 * their order (principle, category, phase, facet, free), then the code tree's order; codes not
 * (yet) known last.
 */
export function byCodeOrder(codeById: Map<string, Code>): (a: string, b: string) => number {
  const rank = (id: string) => {
    const c = codeById.get(id);
    return c ? DIMENSIONS.indexOf(c.dimension) * 1e6 + c.sort : Number.MAX_SAFE_INTEGER;
  };
  return (a, b) => rank(a) - rank(b);
}
