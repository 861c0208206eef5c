import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CasusError } from '../../shared/errors.js';

/**
 * Where snapshots live and what they are called. A project's snapshots lie in one folder beside
 * it, `study.casus-snapshots/` next to `study.casus`, or, when the user configured a place
 * (`snapshotDir` in the per-user config), in `<snapshotDir>/study-<hash of its path>.casus-snapshots/`.
 * A snapshot is `<UTC time>_<what>.casus` (a Casus project), with `<same>.json` beside it
 * holding its exact reason and the state it holds; the name alone says when and why, so a user
 * who finds the folder knows what each file is.
 */

export const FOLDER_SUFFIX = '.casus-snapshots';

/** Why a snapshot was taken decides how long it is kept (see retention.ts). */
export type SnapshotKind = 'open' | 'hourly' | 'before' | 'manual';

export interface SnapshotReason {
  kind: SnapshotKind;
  /** For people: "on open", "before codes.merge", "sent to Anna". */
  text: string;
  /** The file name's part for it, when the text makes a poor one. */
  name?: string;
}

const BY_HAND = 'taken by hand';

export const reasons = {
  onOpen: { kind: 'open', text: 'on open' },
  hourly: { kind: 'hourly', text: 'hourly' },
  /** Before a destructive operation (a method name) or a migration, restore… */
  before: (what: string): SnapshotReason => ({ kind: 'before', text: `before ${what}` }),
  beforeRestore: (id: string): SnapshotReason => ({
    kind: 'before',
    text: `before restoring ${id}`,
    name: 'before-restore',
  }),
  manual: (text?: string): SnapshotReason => ({
    kind: 'manual',
    text: text?.trim() || BY_HAND,
  }),
} satisfies Record<string, SnapshotReason | ((x: string) => SnapshotReason)>;

/** The snapshot folder of a project file. */
export function snapshotFolder(projectPath: string, configured: string | undefined): string {
  const full = resolve(projectPath);
  const stem = basename(full).replace(/\.casus$/i, '');
  if (!configured) return join(dirname(full), `${stem}${FOLDER_SUFFIX}`);
  // One shared place for every project: the path's hash keeps two studies of the same name apart.
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return join(resolve(configured), `${stem}-${hash}${FOLDER_SUFFIX}`);
}

const slug = (text: string, max = 48): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');

/** The part of the name after the time: says the kind first (the name alone decides retention). */
export function nameTail(reason: SnapshotReason): string {
  if (reason.name) return reason.name;
  switch (reason.kind) {
    case 'open':
      return 'on-open';
    case 'hourly':
      return 'hourly';
    case 'before':
      return `before-${slug(reason.text.replace(/^before\s+/i, '')) || 'change'}`;
    case 'manual': {
      const s = reason.text === BY_HAND ? '' : slug(reason.text);
      return s ? `manual-${s}` : 'manual';
    }
  }
}

const ID =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z_([a-z0-9]+(?:-[a-z0-9]+)*)(?:_(\d+))?$/;

export interface ParsedId {
  takenAt: Date;
  kind: SnapshotKind;
  tail: string;
}

/** Reads a snapshot id (a file name without .casus); null for any other name. */
export function parseId(id: string): ParsedId | null {
  const m = ID.exec(id);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, tail] = m;
  const takenAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  if (Number.isNaN(takenAt.getTime())) return null;
  const t = tail!;
  const kind: SnapshotKind =
    t === 'on-open'
      ? 'open'
      : t === 'hourly'
        ? 'hourly'
        : t.startsWith('before-')
          ? 'before'
          : 'manual';
  return { takenAt, kind, tail: t };
}

/** The id of a snapshot taken at `at` for `reason`; `n` > 1 tells apart two of the same moment. */
export function makeId(at: Date, reason: SnapshotReason, n = 1): string {
  const stamp = at.toISOString().replace(/:/g, '-').replace('.', '-');
  return `${stamp}_${nameTail(reason)}${n > 1 ? `_${n}` : ''}`;
}

/** A snapshot id from outside (a command line, a request), checked: never a path. */
export function checkedId(id: string): ParsedId {
  const parsed = parseId(id.replace(/\.casus$/i, ''));
  if (!parsed)
    throw new CasusError(
      'invalid_input',
      `"${id}" is not a snapshot id (ids look like 2025-03-01T10-42-00-000Z_before-codes-merge; casus snapshots <file> lists them)`,
    );
  return parsed;
}

/** Whether a file is a snapshot inside a snapshot folder (opening one would change it). */
export function isSnapshotFile(path: string): boolean {
  const full = resolve(path);
  return (
    basename(dirname(full)).endsWith(FOLDER_SUFFIX) &&
    parseId(basename(full).replace(/\.casus$/i, '')) !== null
  );
}
