import { CasusError } from './errors.js';

/**
 * Finding a thing a person named: by id, or by any of its names (key, label in either language),
 * ignoring case. One match is the answer; none or several are errors that say what was meant.
 */
export interface Named {
  id: string;
  /** Key, labels: every name it answers to. */
  names: readonly (string | null | undefined)[];
  /** How it is listed when a name is ambiguous or unknown. */
  display: string;
}

export function matchNamed<T extends Named>(items: readonly T[], ref: string): T[] {
  const byId = items.filter((i) => i.id === ref);
  if (byId.length) return byId;
  const lower = ref.toLowerCase();
  return items.filter((i) => i.names.some((n) => n?.toLowerCase() === lower));
}

/** The one item a name stands for; `what` names the kind ("code", "case") in messages. */
export function resolveNamed<T extends Named>(items: readonly T[], ref: string, what: string): T {
  const hits = matchNamed(items, ref);
  if (hits.length === 1) return hits[0] as T;
  if (hits.length === 0) {
    const known = items.map((i) => i.display).join(', ');
    throw new CasusError(
      'not_found',
      `No ${what} called "${ref}"${known ? ` (the ${what}s are: ${known})` : ` (there are no ${what}s yet)`}`,
    );
  }
  throw new CasusError(
    'invalid_input',
    `"${ref}" names ${hits.length} ${what}s; use the id or key of one: ${hits
      .map((h) => `${h.id} (${h.display})`)
      .join(', ')}`,
  );
}

/** Codes and cases as they come from the contract (codes.tree, cases.list), ready to resolve. */
export const namedCode = (c: {
  id: string;
  key: string | null;
  label: { nl: string; en: string };
}): Named => ({
  id: c.id,
  names: [c.key, c.label.nl, c.label.en],
  display: `${c.key ? `${c.key} ` : ''}"${c.label.nl}" / "${c.label.en}"`,
});

export const namedCase = (c: {
  id: string;
  key: string;
  label: { nl: string; en: string };
}): Named => ({ id: c.id, names: [c.key, c.label.nl, c.label.en], display: c.key });
