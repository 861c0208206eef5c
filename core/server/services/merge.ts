import { copyFileSync, linkSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readerFor, type Reader, type Writer } from '../../../db/access.js';
import { ProjectFileError } from '../../../db/errors.js';
import { openOtherProject } from '../../../db/other.js';
import { listCoders } from '../../../db/repo/coders.js';
import { listMerges, mergeById } from '../../../db/repo/merges.js';
import type { MergeCounts, MergePreview, mergeContract } from '../../shared/contract/merge.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import type { HandlersFor } from '../handlers.js';
import { applyPlan } from '../merge/apply.js';
import { planChanges, planMerge, type MergePlan } from '../merge/plan.js';
import { undoMerge } from '../merge/undo.js';
import { snapshotBefore } from '../snapshots/before.js';

interface OtherFileInput {
  filePath?: string | undefined;
  data?: string | undefined;
  upload?: string | undefined;
  fileName?: string | undefined;
}

const samePath = (a: string, b: string) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
};

/**
 * Opens the other copy read-only for the duration of `fn`: a path as it is, uploaded bytes from
 * a temporary file (named as the upload, so messages name it) removed afterwards; an upload
 * stays for the merge that follows its preview.
 */
function withOther<T>(
  input: OtherFileInput,
  ctx: ServiceContext,
  fn: (theirs: Reader, fileName: string) => T,
): T {
  let dir: string | null = null;
  let path: string;
  let fileName: string;
  if (input.filePath !== undefined) {
    path = resolve(input.filePath);
    fileName = basename(path);
    if (ctx.session.path && samePath(path, ctx.session.path))
      throw new CasusError(
        'invalid_input',
        `${fileName} is the open project itself: choose another copy to merge`,
      );
  } else {
    fileName = basename(input.fileName ?? 'copy.casus') || 'copy.casus';
    dir = mkdtempSync(join(tmpdir(), 'casus-merge-'));
    path = join(dir, fileName);
    if (input.upload !== undefined) {
      // Under its own name beside nothing else, so that messages name it; a link, not a copy.
      const uploaded = ctx.session.uploads.get(input.upload, fileName).path;
      try {
        linkSync(uploaded, path);
      } catch {
        copyFileSync(uploaded, path);
      }
    } else writeFileSync(path, Buffer.from(input.data ?? '', 'base64'));
  }
  try {
    let other;
    try {
      other = openOtherProject(path);
    } catch (e) {
      if (e instanceof ProjectFileError) throw new CasusError(e.code, e.message);
      throw e;
    }
    try {
      return fn(readerFor(other.db), fileName);
    } finally {
      other.close();
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function preview(ours: Reader, plan: MergePlan, fileName: string): MergePreview {
  const names = new Map([...listCoders(ours), ...plan.coders].map((c) => [c.id, c.name]));
  return {
    fileName,
    other: { uuid: plan.other.uuid, name: plan.other.name },
    sameProject: plan.sameProject,
    confirm: plan.sameProject
      ? null
      : `${fileName} is a copy of another project ("${plan.other.name}", ${plan.other.uuid}), not of this one: its sources can only be matched by their text and its codes by key and label. Merge it only if it holds the same study`,
    counts: plan.counts,
    newSources: plan.sources.map((s) => ({ id: s.row.id, title: s.row.title, matched: false })),
    newCodes: plan.codes.map((c) => ({
      id: c.id,
      label: { nl: c.label_nl, en: c.label_en },
      dimension: c.dimension,
    })),
    codingsByCoder: [...plan.byCoder].map(([coderId, added]) => ({
      coderId,
      name: coderId ? (names.get(coderId) ?? coderId) : '',
      added,
    })),
    conflicts: plan.conflicts.map(({ choice: _choice, ...c }) => c),
    nothingToDo: !planChanges(plan),
  };
}

/** Refuses a merge of another project without confirmation, or with conflicts left open. */
function checkApplicable(plan: MergePlan, shown: MergePreview, confirmed: boolean | undefined) {
  if (!plan.sameProject && !confirmed)
    throw new CasusError('conflict', `${shown.confirm ?? ''}; confirm to merge it anyway`);
  const open = plan.conflicts.filter((c) => c.choice === null);
  if (open.length > 0)
    throw new CasusError(
      'conflict',
      `${open.length} conflict(s) need a choice before merging: ${open
        .map((c) => `${c.id} (${c.what}: ${c.choices.join(' or ')})`)
        .join('; ')}`,
      { conflicts: open },
    );
}

/**
 * When a merge takes a whole-file snapshot first. Everything a merge writes goes through the
 * logged repositories as one change-log group: the rows it adds, and the earlier version of every
 * row it changes, are in the log, so merge.undo (and time travel) bring the project back exactly
 * as it was; a snapshot would add nothing but its cost (copying and checking the whole file: most
 * of the 15 s a merge of 500 codings took on the 2,000-source bench study). What the log cannot
 * bring back is a source's text, blocks and original bytes (never logged): a merge that deletes
 * sources here (chosen in a conflict) takes the snapshot first, and so does the undo of a merge
 * that added sources, which deletes them again.
 */
class SnapshotFirst extends Error {}

/**
 * Runs `write` as one action. When it finds, once its checks passed, that it needs a snapshot
 * first (it throws SnapshotFirst), the transaction rolls back with nothing written, the snapshot
 * is taken outside any transaction, and `write` runs again with `snapshotTaken` set. So the
 * decision is made on the project as it is written, and a refused change takes no snapshot.
 */
function snapshotIfNeeded<T>(
  ctx: ServiceContext,
  name: string,
  write: (w: Writer, snapshotTaken: boolean) => T,
): T {
  try {
    return ctx.action(name, (w) => write(w, false));
  } catch (e) {
    if (!(e instanceof SnapshotFirst)) throw e;
  }
  snapshotBefore(ctx, name);
  return ctx.action(name, (w) => write(w, true));
}

export const mergeHandlers: HandlersFor<typeof mergeContract> = {
  'merge.preview': (input, ctx) =>
    withOther(input, ctx, (theirs, fileName) => {
      const ours = ctx.read();
      return preview(ours, planMerge(ours, theirs, { resolutions: {} }), fileName);
    }),
  'merge.apply': (input, ctx) =>
    withOther(input, ctx, (theirs, fileName) => {
      const options = { resolutions: input.resolutions, prefer: input.prefer };
      // Planned in the transaction, against the project as it is when the merge is written.
      return snapshotIfNeeded(ctx, 'merge.apply', (w, snapshotTaken) => {
        const plan = planMerge(w, theirs, options);
        const shown = preview(w, plan, fileName);
        checkApplicable(plan, shown, input.confirmOtherProject);
        if (!planChanges(plan)) return { ...shown, mergeId: null };
        if (!snapshotTaken && plan.deleteSources.length > 0) throw new SnapshotFirst();
        const mergeId = applyPlan(w, plan, theirs, { fileName, mergedBy: ctx.coderId() });
        return { ...shown, mergeId };
      });
    }),
  'merge.list': (_input, ctx) => {
    const r = ctx.read();
    const names = new Map(listCoders(r).map((c) => [c.id, c.name]));
    return listMerges(r).map((m) => ({
      id: m.id,
      fileName: m.file_name,
      otherName: m.other_name,
      otherUuid: m.other_uuid,
      mergedAt: m.merged_at,
      mergedBy: m.merged_by ? (names.get(m.merged_by) ?? null) : null,
      counts: JSON.parse(m.counts) as MergeCounts,
    }));
  },
  'merge.undo': ({ mergeId }, ctx) => {
    const reversed = snapshotIfNeeded(ctx, 'merge.undo', (w, snapshotTaken) => {
      const merge = mergeById(w, mergeId);
      const reversed = undoMerge(w, mergeId);
      // After the undo's checks: an undo that is refused takes no snapshot.
      if (!snapshotTaken && merge && (JSON.parse(merge.counts) as MergeCounts).sources.added > 0)
        throw new SnapshotFirst();
      return reversed;
    });
    return { mergeId, reversed };
  },
};
