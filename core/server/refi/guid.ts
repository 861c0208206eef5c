import { randomUUID } from 'node:crypto';

const GUID_RE =
  /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/**
 * Normalises a GUID to lower case without braces, so that `{ABC...}` from one tool and `abc...`
 * from another match. Returns null for anything that is not a GUID.
 */
export function normGuid(value: string | undefined | null): string | null {
  if (value == null) return null;
  const m = GUID_RE.exec(value.trim());
  return m ? m[1]!.toLowerCase() : null;
}

export function isGuid(value: string): boolean {
  return GUID_RE.test(value.trim());
}

export function newGuid(): string {
  return randomUUID();
}
