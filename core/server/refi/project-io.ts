import { existsSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { openAction, type OpenAction, type Reader, type Writer } from '../../../db/access.js';
import { ProjectFileError } from '../../../db/errors.js';
import {
  codeCount,
  codeRow,
  codeRows,
  insertCode,
  nextCodeSort,
  updateCode,
  type CodeRow,
} from '../../../db/repo/codes.js';
import type { RefiProgress } from '../../shared/contract/refi.js';
import { CasusError } from '../../shared/errors.js';
import { TEMPLATES } from '../../shared/template/index.js';
import { installTemplate } from '../domain/install-template.js';
import { newId, now } from '../domain/ids.js';
import { buildProjectFile } from '../domain/new-project.js';
import { mediaFolder } from '../media/store.js';
import {
  beginRefiBuild,
  casusToRefi,
  guidFor,
  type RefiExportOptions,
  type RefiProjectBuilder,
} from './casus-map.js';
import { RefiError } from './errors.js';
import { walkCodes, type Guid, type RefiCode, type RefiCodebook } from './model.js';
import {
  readQdc,
  readQdePending,
  readQdpxPending,
  StatedRuleDiffers,
  type RefiProjectSink,
  type RefiReadOptions,
} from './read.js';
import type { RefiImportReport } from './report.js';
import { warmSchemaValidator } from './schema.js';
import { addRecordings, storeRecordings } from './transcript-recording.js';
import { buildQdc, packQdpx } from './write.js';
import { importProjectInWorker } from './worker.js';
import { looksLikeZip } from './zip.js';

/** A RefiError becomes the CasusError every host prints; the message already names the file. */
export function asCasusError(e: unknown): never {
  if (e instanceof RefiError) {
    const code = e.code === 'write_failed' ? 'internal' : 'import_failed';
    throw new CasusError(code, e.message, { refiCode: e.code, details: e.details });
  }
  if (e instanceof ProjectFileError) throw new CasusError(e.code, e.message);
  throw e;
}

function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim();
  return cleaned.slice(0, 120) || 'project';
}

/** A step of an export or import (the operation is the caller's). */
export type RefiStep = Omit<RefiProgress, 'operation'>;

/** What the project becomes on its way out (an audience: core/server/confidentiality/refi.ts). */
export type RefiTransform = (
  read: ReturnType<typeof casusToRefi>,
) => ReturnType<typeof casusToRefi>;

/** Exports the open project; the bytes are schema-validated before they are returned. */
export async function exportProject(
  db: Reader,
  format: 'qdpx' | 'qdc',
  opts: RefiExportOptions & { mediaFolder?: string | null } = {},
  transform: RefiTransform = (x) => x,
  progress: (step: RefiStep) => void = () => {},
): Promise<{ fileName: string; bytes: Uint8Array }> {
  progress({ step: 'collecting' });
  // The validator gets ready on another core while this one reads the project.
  if (format === 'qdpx') warmSchemaValidator();
  const { project, extension } = transform(casusToRefi(db, opts));
  // Recordings go into a .qdpx only when asked for (the team's own copy: voices identify).
  if (format === 'qdpx' && opts.mediaFolder)
    await addRecordings(db, project, extension, opts.mediaFolder, guidFor);
  progress({ step: 'writing' });
  const fileName = `${safeFileName(project.name)}.${format}`;
  try {
    if (format === 'qdpx') {
      const bytes = await packQdpx(project, fileName, extension);
      return { fileName, bytes };
    }
    const xml = await buildQdc(
      { origin: project.origin, codes: project.codes, sets: project.sets },
      fileName,
    );
    return { fileName, bytes: new TextEncoder().encode(xml) };
  } catch (e) {
    return asCasusError(e);
  }
}

/**
 * Imports a .qdpx (or a bare .qde) into a NEW project file. Everything is built in a hidden
 * temporary file next to the target and renamed into place at the end, so a failure at any point
 * leaves no project behind. Reading and building run in a worker thread (unless `inWorker` is
 * false), so the thread that serves the UI stays free.
 */
export async function importProjectFile(
  input: { bytes: Uint8Array; fileName: string },
  outPath: string,
  opts: RefiReadOptions & {
    inWorker?: boolean;
    sessionId?: string;
    progress?: (step: RefiStep) => void;
    /** Stops an import in a worker (refi.cancel): nothing is created. */
    signal?: AbortSignal;
  } = {},
): Promise<{ path: string; report: RefiImportReport }> {
  const progress = opts.progress ?? (() => {});
  const target = resolve(outPath);
  if (existsSync(target)) {
    throw new CasusError('exists', `${basename(target)}: a file with this name already exists`);
  }
  if (!existsSync(dirname(target))) {
    throw new CasusError(
      'not_found',
      `${basename(target)}: the folder ${dirname(target)} does not exist`,
    );
  }
  progress({ step: 'reading' });
  const bare = extname(input.fileName).toLowerCase() === '.qde' && !looksLikeZip(input.bytes);
  const build = { bare, limits: opts.limits, sessionId: opts.sessionId ?? null, progress };
  let report: RefiImportReport;
  try {
    report =
      opts.inWorker === false
        ? await buildImportedProject(input, target, build)
        : await importProjectInWorker(input, target, { ...build, signal: opts.signal });
  } catch (e) {
    return asCasusError(e);
  }
  return { path: target, report };
}

/** How an import reads and builds (buildImportedProject). */
interface BuildOptions {
  bare: boolean;
  limits?: RefiReadOptions['limits'];
  sessionId: string | null;
  progress: (step: RefiStep) => void;
}

/**
 * Reads the file and builds the new project at `target`, in the thread that calls it. Each text
 * source is written as it is read (the reader hands it to the build and forgets it), inside one
 * action that stays open while the file is read, so memory holds one source at a time, not the
 * project. The schema validator (its own thread) finishes meanwhile; its verdict is awaited
 * before the project is moved into place, so a file that fails it leaves nothing behind.
 */
export async function buildImportedProject(
  input: { bytes: Uint8Array; fileName: string },
  target: string,
  opts: BuildOptions,
): Promise<RefiImportReport> {
  try {
    return await buildOnce(input, target, opts, undefined);
  } catch (e) {
    // The file states another position rule than the one guessed: built again with that rule.
    if (!(e instanceof StatedRuleDiffers)) throw e;
    return buildOnce(input, target, opts, e.statedRule);
  }
}

async function buildOnce(
  input: { bytes: Uint8Array; fileName: string },
  target: string,
  opts: BuildOptions,
  statedRule: boolean | undefined,
): Promise<RefiImportReport> {
  let verdict: (() => Promise<void>) | null = null;
  let report: RefiImportReport | null = null;
  try {
    await buildProjectFile(
      target,
      opts.sessionId,
      async (conn, act) => {
        let action: OpenAction | null = null;
        let builder: RefiProjectBuilder | null = null;
        // Once sources are written as they are read, how far is said in sources (n of N), not
        // in bytes as well: two measures of one step would take turns on the screen.
        let counted = false;
        const sink: RefiProjectSink = {
          start: (p) =>
            act('project.create', null, (w) => installTemplate(w, TEMPLATES.blank!, p.name)),
          begin: (p, rep, extension, expected) => {
            counted = expected !== undefined && expected > 0;
            action = openAction(conn, {
              name: 'refi.importProject',
              coderId: null,
              sessionId: opts.sessionId,
            });
            builder = beginRefiBuild(action.w, p, rep, extension, opts.progress, expected);
          },
          source: (s) => builder?.source(s),
        };
        try {
          const imported = opts.bare
            ? await readQdePending(input.bytes, input.fileName, { sink, statedRule })
            : await readQdpxPending(input.bytes, input.fileName, {
                limits: opts.limits,
                // A large project.qde takes a while: how far, in bytes of it.
                reading: (done, total) => {
                  if (!counted) opts.progress({ step: 'reading', done, total });
                },
                sink,
                statedRule,
              });
          verdict = imported.verdict;
          const { project } = imported;
          report = imported.report;
          // The reader has begun the build (before the first source, or at the end).
          const build = builder as RefiProjectBuilder | null;
          const open = action as OpenAction | null;
          if (!build || !open) throw new Error('the reader handed no project over');
          // Recordings (of the sources read last) are written beside the target before they are
          // built: only from a file that passed.
          if (project.textSources.some((s) => s.recording?.bytes)) await verdict();
          await storeRecordings(project, mediaFolder(target));
          build.finish(project);
          await verdict();
          open.commit();
        } catch (e) {
          (action as OpenAction | null)?.rollback();
          throw e;
        }
      },
      { bulk: true },
    );
  } catch (e) {
    if (e instanceof StatedRuleDiffers) throw e;
    // A file that fails the schema is refused as such, whatever else went wrong with it.
    if (verdict) {
      try {
        await (verdict as () => Promise<void>)();
      } catch (schemaError) {
        return asCasusError(schemaError);
      }
    }
    if (e instanceof CasusError) throw e;
    if (e instanceof RefiError || e instanceof ProjectFileError) return asCasusError(e);
    throw new CasusError(
      'import_failed',
      `${input.fileName}: the import failed and no project was created (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!report) throw new Error('the import gave no report');
  return report;
}

// ------------------------------------------------------------------------------------------------
// Codebook (.qdc) into the open project

export type OnConflict = 'keep' | 'rename' | 'merge';

/** Codebooks are code trees; thousands of codes fit in a few MB. */
const MAX_CODEBOOK_BYTES = 32 * 1024 * 1024;

export interface CodebookConflict {
  guid: Guid;
  name: string;
  existingId: string;
  existingLabel: string;
  matchedBy: 'guid' | 'name';
  differences: string[];
}

export interface CodebookResult {
  applied: boolean;
  added: number;
  updated: number;
  unchanged: number;
  renamed: number;
  conflicts: CodebookConflict[];
  report: RefiImportReport;
}

interface Plan {
  code: RefiCode;
  parentGuid: Guid | null;
  match: CodeRow | null;
  matchedBy: 'guid' | 'name' | null;
  differences: string[];
}

function planCodebook(db: Reader, codebook: RefiCodebook): Plan[] {
  const existing = codeRows(db);
  const byId = new Map(existing.map((c) => [c.id.toLowerCase(), c] as const));
  const plans: Plan[] = [];
  for (const { code, parent } of walkCodes(codebook.codes)) {
    let match = byId.get(code.guid) ?? null;
    let matchedBy: Plan['matchedBy'] = match ? 'guid' : null;
    if (!match) {
      const lower = code.name.toLowerCase();
      const named = existing.filter(
        (c) => c.label_nl.toLowerCase() === lower || c.label_en.toLowerCase() === lower,
      );
      if (named.length >= 1) {
        match = named[0]!;
        matchedBy = 'name';
      }
    }
    const differences: string[] = [];
    if (match) {
      if (match.label_nl !== code.name && match.label_en !== code.name) {
        differences.push(`name "${match.label_nl}" ≠ "${code.name}"`);
      }
      if (code.color && code.color.toLowerCase() !== match.color.toLowerCase()) {
        differences.push(`colour ${match.color} ≠ ${code.color}`);
      }
      if (
        code.description !== undefined &&
        code.description !== match.description_nl &&
        code.description !== match.description_en
      ) {
        differences.push('description differs');
      }
    }
    plans.push({ code, parentGuid: parent?.guid ?? null, match, matchedBy, differences });
  }
  return plans;
}

/**
 * Merges a codebook into the project's code tree: matched by GUID, then by name. Differences are
 * conflicts; without `onConflict` nothing is written and the conflicts are returned to ask about.
 */
export async function importCodebook(
  db: Reader,
  action: <T>(name: string, fn: (w: Writer) => T) => T,
  input: { bytes: Uint8Array; fileName: string },
  onConflict: OnConflict | undefined,
): Promise<CodebookResult> {
  if (input.bytes.length > MAX_CODEBOOK_BYTES) {
    throw new CasusError(
      'import_failed',
      `${input.fileName}: a codebook of ${Math.round(input.bytes.length / 1048576)} MB is far larger than any real one; refused`,
    );
  }
  let read;
  try {
    read = await readQdc(input.bytes, input.fileName);
  } catch (e) {
    return asCasusError(e);
  }
  const { codebook, report } = read;
  const plans = planCodebook(db, codebook);
  const conflicts: CodebookConflict[] = plans
    .filter((p) => p.match && p.differences.length > 0)
    .map((p) => ({
      guid: p.code.guid,
      name: p.code.name,
      existingId: p.match!.id,
      existingLabel: p.match!.label_nl,
      matchedBy: p.matchedBy!,
      differences: p.differences,
    }));
  const result: CodebookResult = {
    applied: false,
    added: 0,
    updated: 0,
    unchanged: 0,
    renamed: 0,
    conflicts,
    report,
  };
  if (conflicts.length > 0 && !onConflict) return result;

  for (const s of codebook.sets) {
    report.skipped.push({
      kind: 'set',
      guid: s.guid,
      name: s.name,
      reason: 'code groups (sets) are not kept by Casus; the codes themselves are imported',
    });
  }
  const palette = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];
  action('refi.importCodebook', (w) => {
    const idOf = new Map<Guid, string>();
    const current = codeRows(w);
    const takenIds = new Set(current.map((r) => r.id.toLowerCase()));
    const labels = new Set(current.map((r) => r.label_nl.toLowerCase()));
    const insert = (p: Plan, name: string, id: string) => {
      const parentId = p.parentGuid ? (idOf.get(p.parentGuid) ?? null) : null;
      const sort = nextCodeSort(w, parentId);
      const count = codeCount(w);
      insertCode(w, {
        id,
        parent_id: parentId,
        key: null,
        dimension: 'free',
        label_nl: name,
        label_en: name,
        description_nl: p.code.description ?? '',
        description_en: p.code.description ?? '',
        color:
          p.code.color && /^#[0-9a-fA-F]{6}$/.test(p.code.color)
            ? p.code.color
            : palette[count % palette.length]!,
        sort,
        created_at: now(),
      });
      takenIds.add(id.toLowerCase());
      labels.add(name.toLowerCase());
      idOf.set(p.code.guid, id);
    };
    for (const p of plans) {
      if (!p.match) {
        insert(p, p.code.name, takenIds.has(p.code.guid) ? newId() : p.code.guid);
        result.added++;
        continue;
      }
      if (p.differences.length === 0 || onConflict === 'keep') {
        idOf.set(p.code.guid, p.match.id);
        result.unchanged++;
        continue;
      }
      if (onConflict === 'rename') {
        let name = `${p.code.name} (import)`;
        for (let i = 2; labels.has(name.toLowerCase()); i++) name = `${p.code.name} (import ${i})`;
        insert(p, name, takenIds.has(p.code.guid) ? newId() : p.code.guid);
        result.renamed++;
        continue;
      }
      // merge: the codebook's name, colour and description win; both languages follow.
      const before = codeRow(w, p.match.id);
      if (!before) throw new CasusError('conflict', `Code ${p.match.id} was deleted meanwhile`);
      updateCode(w, before, {
        label_nl: p.code.name,
        label_en: before.label_en === before.label_nl ? p.code.name : before.label_en,
        color: p.code.color && /^#[0-9a-fA-F]{6}$/.test(p.code.color) ? p.code.color : before.color,
        description_nl: p.code.description ?? before.description_nl,
        description_en:
          before.description_en === before.description_nl
            ? (p.code.description ?? before.description_en)
            : before.description_en,
      });
      idOf.set(p.code.guid, p.match.id);
      result.updated++;
    }
  });
  result.applied = true;
  report.counts.codes = result.added + result.renamed + result.updated;
  return result;
}
