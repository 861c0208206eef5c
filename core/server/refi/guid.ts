import { createHash, randomUUID } from 'node:crypto';

const GUID_RE =
  /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** A GUID as normGuid returns it: lower case, without braces. */
const NORMAL_GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Normalises a GUID to lower case without braces, so that `{ABC...}` from one tool and `abc...`
 * from another match. Returns null for anything that is not a GUID.
 */
export function normGuid(value: string | undefined | null): string | null {
  if (value == null) return null;
  // Nearly every GUID of a large file is normal already (Casus, qc): no copies made for those.
  if (value.length === 36 && NORMAL_GUID_RE.test(value)) return value;
  const m = GUID_RE.exec(value.trim());
  return m ? m[1]!.toLowerCase() : null;
}

export function isGuid(value: string): boolean {
  return GUID_RE.test(value.trim());
}

export function newGuid(): string {
  return randomUUID();
}

/**
 * A GUID derived from stable ids (a name-based UUID, version 5 layout over SHA-256), so that what
 * Casus writes under a generated GUID keeps it on every export: other programs match by GUID.
 */
export function derivedGuid(...parts: string[]): string {
  const h = createHash('sha256')
    .update(`casus:${parts.join('\u0000')}`)
    .digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
