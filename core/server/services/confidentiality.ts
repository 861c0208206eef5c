import { basename, resolve } from 'node:path';
import {
  deleteRegisterDismissal,
  insertRegisterDismissal,
  registerDismissal,
  registerDismissals,
  registerTerm,
} from '../../../db/repo/register.js';
import type { RegisterDismissalRow } from '../../../db/tables.js';
import { termKey } from '../../shared/confidentiality/fold.js';
import type { confidentialityContract } from '../../shared/contract/confidentiality.js';
import { CasusError } from '../../shared/errors.js';
import {
  addRegisterTerm,
  caseEntries,
  entryOf,
  registerEntries,
  registerListing,
  removeRegisterTerm,
  updateRegisterTermChecked,
} from '../confidentiality/register.js';
import { leakError, leakHits, scanParts } from '../confidentiality/leak-check.js';
import { lensFor } from '../confidentiality/lens.js';
import { candidatesIn, registerOccurrences } from '../confidentiality/scan.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { readBytes } from '../refi/read.js';
import { snapshotBefore } from '../snapshots/before.js';

const dismissalOf = (row: RegisterDismissalRow) => ({
  id: row.id,
  kind: row.kind,
  text: row.text ?? '',
  createdAt: row.created_at,
});

async function fileToCheck(input: {
  filePath?: string | undefined;
  data?: string | undefined;
  fileName?: string | undefined;
}): Promise<{ bytes: Uint8Array; name: string }> {
  if (input.filePath !== undefined) {
    const path = resolve(input.filePath);
    try {
      return { bytes: await readBytes(path), name: basename(path) };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new CasusError('io_error', `${basename(path)}: could not be read (${why})`);
    }
  }
  return {
    bytes: new Uint8Array(Buffer.from(input.data ?? '', 'base64')),
    name: basename(input.fileName ?? 'file'),
  };
}

export const confidentialityHandlers: HandlersFor<typeof confidentialityContract> = {
  'names.list': ({ revealRealNames }, ctx) => {
    const r = ctx.read();
    return {
      entries: registerListing(r, revealRealNames),
      dismissed: registerDismissals(r).length,
    };
  },
  'names.add': ({ kind, term, replacement, variants, origin }, ctx) =>
    ctx.action('names.add', (w) =>
      entryOf(addRegisterTerm(w, { kind, term, replacement, variants, origin }, ctx.coderId())),
    ),
  'names.update': ({ id, ...patch }, ctx) =>
    ctx.action('names.update', (w) => {
      const clean = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as typeof patch;
      return entryOf(updateRegisterTermChecked(w, id, clean));
    }),
  'names.remove': ({ id }, ctx) => {
    if (!registerTerm(ctx.read(), id))
      throw new CasusError('not_found', `No register term with id ${id}`);
    snapshotBefore(ctx, 'names.remove');
    ctx.action('names.remove', (w) => removeRegisterTerm(w, id));
    return { removed: true };
  },
  'names.occurrences': ({ id, limit }, ctx) => registerOccurrences(ctx.read(), id, limit),
  'names.candidates': ({ kinds, limit }, ctx) =>
    candidatesIn(ctx.read(), { ...(kinds ? { kinds } : {}), limit }),
  'names.dismiss': ({ text, kind }, ctx) =>
    ctx.action('names.dismiss', (w) => {
      const key = termKey(text);
      const already = registerDismissals(w).find((d) => d.kind === kind && d.key === key);
      if (already) return dismissalOf(already);
      return dismissalOf(
        insertRegisterDismissal(w, {
          id: newId(),
          kind,
          text: text.trim(),
          key,
          created_by: ctx.coderId(),
          created_at: now(),
        }),
      );
    }),
  'names.dismissed': (_input, ctx) => registerDismissals(ctx.read()).map(dismissalOf),
  'names.undismiss': ({ id }, ctx) =>
    ctx.action('names.undismiss', (w) => {
      const row = registerDismissal(w, id);
      if (!row) throw new CasusError('not_found', `No dismissed candidate with id ${id}`);
      deleteRegisterDismissal(w, row);
      return { removed: true };
    }),
  'confidentiality.apply': ({ texts, audience, lang }, ctx) => {
    const lens = lensFor(ctx.read(), audience, lang);
    if (!lens) return { texts, check: null };
    const out = texts.map(lens.text);
    // What is printed is checked as a file is: a term that remains stops it.
    const found = scanParts([{ name: 'output', unit: 'value', blocks: out }], lens.entries);
    if (found.total > 0) throw leakError(lens.audience.kind, 'The output', found, lens.unreadable);
    return { texts: out, check: lens.check() };
  },
  'confidentiality.leakCheck': async (input, ctx) => {
    const r = ctx.read();
    const { bytes, name } = await fileToCheck(input);
    const entries = [...registerEntries(r), ...(input.hideCases ? caseEntries(r, 'nl') : [])];
    const { parts, hits } = leakHits(bytes, name, entries);
    return {
      file: name,
      parts: parts.map((p) => (p.unread ? `${p.name} (not read: ${p.unread})` : p.name)),
      terms: entries.length,
      hits,
    };
  },
};
