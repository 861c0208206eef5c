import type { Code } from '../../../../../core/shared/contract/schemas.js';
import type { CodedSegment } from '../../../../../core/shared/contract/coding.js';
import type { Stripe } from './stripe.js';

/** A shown segment (as shownCodings gives it): the segment and its codings the filters show. */
type ShownSegment = { seg: CodedSegment; codings: CodedSegment['codings'] };

/** Whether two versions of a code draw the same stripe (its counts may differ: never shown). */
export const sameCodeLook = (p: Code, q: Code): boolean =>
  p === q ||
  (p.id === q.id &&
    p.color === q.color &&
    p.label === q.label &&
    p.parentId === q.parentId &&
    p.dimension === q.dimension);

/**
 * Whether every code draws its stripes as it did (a code tree re-read or settled after a coding
 * gives new code objects with other counts only): the stripes laid out need no new measuring.
 */
export function sameCodeLooks(before: Map<string, Code>, after: Map<string, Code>): boolean {
  if (before === after) return true;
  if (before.size !== after.size) return false;
  for (const [id, code] of after) {
    const was = before.get(id);
    if (!was || !sameCodeLook(was, code)) return false;
  }
  return true;
}

/**
 * The stripes laid out for `before`, brought to `after` without measuring anything, when all
 * that changed is that pending segments (shown at once when a passage was coded) are now stored
 * under their own ids, over the same range with the same codes, and the codes look as they did:
 * the text did not move, so neither did a stripe. Null when anything else changed: then the
 * stripes are laid out afresh. `before` and `after` keep the objects of unchanged segments and
 * their order (the cache puts a stored segment where its pending one was: at the end).
 */
export function renamedStripes(
  stripes: Stripe[],
  before: ShownSegment[],
  after: ShownSegment[],
  codeById: Map<string, Code>,
  isPending: (segmentId: string) => boolean,
): Stripe[] | null {
  if (before.length !== after.length) return null;
  const renamed = new Map<string, ShownSegment>();
  for (let i = 0; i < before.length; i++) {
    const b = before[i] as ShownSegment;
    const a = after[i] as ShownSegment;
    if (a === b) continue;
    if (
      !isPending(b.seg.id) ||
      isPending(a.seg.id) ||
      a.seg.start !== b.seg.start ||
      a.seg.end !== b.seg.end ||
      a.codings.length !== b.codings.length ||
      a.codings.some((k, j) => k.codeId !== b.codings[j]?.codeId)
    )
      return null;
    renamed.set(b.seg.id, a);
  }
  const out: Stripe[] = [];
  for (const s of stripes) {
    const code = codeById.get(s.code.id);
    if (!code || !sameCodeLook(code, s.code)) return null;
    const to = renamed.get(s.segmentId);
    if (!to) {
      out.push(s);
      continue;
    }
    const k = to.codings.find((x) => x.codeId === s.code.id);
    if (!k) return null;
    out.push({
      ...s,
      key: `${to.seg.id}:${k.codeId}`,
      segmentId: to.seg.id,
      text: to.seg.text,
      coderId: k.coderId ?? to.seg.createdBy?.id ?? null,
      createdAt: k.createdAt,
    });
  }
  return out;
}
