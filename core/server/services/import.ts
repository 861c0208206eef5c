import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Reader, Writer } from '../../../db/access.js';
import { caseById } from '../../../db/repo/cases.js';
import { codeLabelsOfSegment } from '../../../db/repo/codings.js';
import {
  insertRespondent,
  respondentById,
  respondentByPseudonym,
} from '../../../db/repo/respondents.js';
import { segmentsOfSource, updateSegment } from '../../../db/repo/segments.js';
import {
  getSourceSummary,
  getSourceText,
  insertSource,
  newerVersionOf,
  sourceRow,
  sourceWithFile,
  updateSource,
} from '../../../db/repo/sources.js';
import { vocabulary, vocabularyKey } from '../../../db/repo/vocabulary.js';
import type {
  ImportFileResult,
  importContract,
  RespondentChoice,
} from '../../shared/contract/import.js';
import type { SourceSummary } from '../../shared/contract/schemas.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import { fileSourceOf, type FileInputValue } from '../files/file-input.js';
import type { HandlersFor } from '../handlers.js';
import { ImportError } from '../import/errors.js';
import { DEFAULT_LIMITS } from '../import/limits.js';
import { SUPPORTED_EXTENSIONS, type ParsedDocument } from '../import/parse-document.js';
import { reanchor } from '../import/reanchor.js';
import { parseInWorker } from '../import/worker.js';

type Validation = 'draft' | 'sent' | 'approved' | 'corrections';
type Kind = 'interview' | 'document';

export const sha256 = (data: Uint8Array | string) =>
  createHash('sha256').update(data).digest('hex');

/** The bytes of an uploaded or local file; a file over the limit is refused before reading. */
export async function readInput(
  ctx: Pick<ServiceContext, 'session'>,
  file: FileInputValue,
): Promise<Uint8Array | ImportError> {
  const source = await fileSourceOf(ctx, file);
  if (source.size > DEFAULT_LIMITS.maxFileBytes)
    return new ImportError('too-large', file.fileName, 'the limit is 50 MB');
  if (source.kind === 'bytes') return new Uint8Array(Buffer.from(source.base64, 'base64'));
  return new Uint8Array(await readFile(source.path));
}

export function documentTypeKey(r: Reader, value: string): string {
  const key = vocabularyKey(r, 'document-type', value);
  if (key === null) {
    const known = vocabulary(r, 'document-type').map((v) => v.key);
    throw new CasusError(
      'invalid_input',
      `Unknown document type "${value}"; use one of: ${known.join(', ')}`,
    );
  }
  return key;
}

export function checkCase(r: Reader, caseId: string | null): void {
  if (caseId !== null && !caseById(r, caseId))
    throw new CasusError('not_found', `No case with id ${caseId}`);
}

/**
 * Finds or creates the respondent of a choice. Creating happens inside the import's transaction,
 * so a file that fails leaves no respondent behind.
 */
export function resolveRespondent(
  w: Writer,
  choice: RespondentChoice,
  caseId: string | null,
): string {
  if ('id' in choice) {
    if (!respondentById(w, choice.id))
      throw new CasusError('not_found', `No respondent with id ${choice.id}`);
    return choice.id;
  }
  const existing = respondentByPseudonym(w, choice.pseudonym);
  if (existing) return existing.id;
  if (!choice.role) {
    throw new CasusError(
      'invalid_input',
      `Respondent "${choice.pseudonym}" does not exist yet: give a role to create it`,
    );
  }
  const role = vocabularyKey(w, 'role', choice.role);
  if (role === null) {
    const known = vocabulary(w, 'role').map((v) => v.key);
    throw new CasusError(
      'invalid_input',
      `Unknown role "${choice.role}"; use one of: ${known.join(', ')}`,
    );
  }
  const id = newId();
  insertRespondent(w, {
    id,
    pseudonym: choice.pseudonym,
    role,
    organisation: choice.organisation,
    case_id: caseId,
    real_name: null,
    created_at: now(),
  });
  return id;
}

const GENERIC_NAME = /^(index|document|download|untitled|naamloos|\d+)$/i;

function defaultTitle(fileName: string, doc: ParsedDocument): string {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .trim();
  // The file name is what researchers recognise; a generic one gives way to the document's title.
  if (doc.title && (base === '' || GENERIC_NAME.test(base))) return doc.title.slice(0, 500);
  return (base || fileName).normalize('NFC').slice(0, 500);
}

export function summary(r: Reader, id: string): SourceSummary {
  const s = getSourceSummary(r, id);
  if (!s) throw new CasusError('not_found', `No source with id ${id}`);
  return s;
}

export function failed(err: ImportError): ImportFileResult {
  return { status: 'failed', fileName: err.fileName, reason: err.reason, message: err.message };
}

async function parse(bytes: Uint8Array, fileName: string): Promise<ParsedDocument | ImportError> {
  try {
    return await parseInWorker(bytes, fileName);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
}

export const importHandlers: HandlersFor<typeof importContract> = {
  'import.info': () => ({
    extensions: SUPPORTED_EXTENSIONS,
    maxFileBytes: DEFAULT_LIMITS.maxFileBytes,
  }),

  'import.file': async (input, ctx: ServiceContext) => {
    const r = ctx.read();
    const { fileName } = input.file;
    checkCase(r, input.caseId);
    const documentType = documentTypeKey(r, input.documentType);
    const bytes = await readInput(ctx, input.file);
    if (bytes instanceof ImportError) return failed(bytes);
    const hash = sha256(bytes);
    const duplicate = (existing: { id: string; title: string }) => ({
      status: 'duplicate' as const,
      fileName,
      existing,
      message: `${fileName}: skipped, the same file is already in the project as "${existing.title}"`,
    });
    const dup = sourceWithFile(r, hash);
    if (dup) return duplicate(dup);
    const doc = await parse(bytes, fileName);
    if (doc instanceof ImportError) return failed(doc);
    const kind: Kind =
      input.kind ?? (documentType === 'interview-report' ? 'interview' : 'document');
    const id = newId();
    // One transaction: source row, original bytes, text, blocks and (by trigger) the search index.
    const outcome = ctx.action('import.file', (w) => {
      // Checked again inside the transaction: another request may have imported it meanwhile.
      const again = sourceWithFile(w, hash);
      if (again) return again;
      checkCase(w, input.caseId);
      const respondentId = input.respondent
        ? resolveRespondent(w, input.respondent, input.caseId)
        : null;
      insertSource(
        w,
        {
          id,
          caseId: input.caseId,
          title: input.title ?? defaultTitle(fileName, doc),
          kind,
          documentType,
          date: input.date,
          respondentId,
          validation: kind === 'interview' ? (input.validation ?? 'draft') : null,
          originalName: fileName,
          sha256: hash,
          textSha256: sha256(doc.text),
          originalBytes: bytes,
          createdAt: now(),
          createdBy: ctx.coderId(),
        },
        doc,
      );
      return null;
    });
    if (outcome) return duplicate(outcome);
    return {
      status: 'imported',
      fileName,
      source: summary(ctx.read(), id),
      blocks: doc.blocks.length,
      warnings: doc.warnings,
    };
  },

  'import.updateSource': (input, ctx) => {
    ctx.action('import.updateSource', (w) => {
      const before = sourceRow(w, input.id);
      if (!before) throw new CasusError('not_found', `No source with id ${input.id}`);
      if (input.caseId !== undefined) checkCase(w, input.caseId);
      const documentType =
        input.documentType !== undefined
          ? documentTypeKey(w, input.documentType)
          : before.document_type;
      const kind: Kind =
        input.kind ??
        (input.documentType !== undefined
          ? documentType === 'interview-report'
            ? 'interview'
            : before.kind === 'interview' && documentType !== 'interview-report'
              ? 'document'
              : before.kind
          : before.kind);
      let validation: Validation | null =
        input.validation !== undefined ? input.validation : before.validation;
      if (kind === 'document') validation = null;
      else validation ??= 'draft';
      const caseId = input.caseId !== undefined ? input.caseId : before.case_id;
      const respondentId =
        input.respondent === undefined
          ? before.respondent_id
          : input.respondent === null
            ? null
            : resolveRespondent(w, input.respondent, caseId);
      updateSource(w, before, {
        title: input.title ?? before.title,
        case_id: caseId,
        kind,
        document_type: documentType,
        date: input.date !== undefined ? input.date : before.date,
        respondent_id: respondentId,
        validation,
      });
    });
    return summary(ctx.read(), input.id);
  },

  'import.newVersion': async (input, ctx) => {
    const r = ctx.read();
    const { fileName } = input.file;
    const old = sourceRow(r, input.sourceId);
    const oldText = getSourceText(r, input.sourceId);
    if (!old || oldText === undefined)
      throw new CasusError('not_found', `No source with id ${input.sourceId}`);
    const bytes = await readInput(ctx, input.file);
    // The reason travels in the details, so a host can say it in the user's language.
    if (bytes instanceof ImportError)
      throw new CasusError('import_failed', bytes.message, bytes.toBody());
    const hash = sha256(bytes);
    const segments = segmentsOfSource(r, old.id);
    const base = {
      fileName,
      previousId: old.id,
      source: null,
      segments: { total: segments.length, reanchored: segments.length },
      unanchored: [],
    };
    if (hash === old.sha256) {
      return {
        ...base,
        status: 'unchanged' as const,
        message: `${fileName}: identical to "${old.title}"`,
      };
    }
    const doc = await parse(bytes, fileName);
    if (doc instanceof ImportError)
      throw new CasusError('import_failed', doc.message, doc.toBody());
    // Versions form a line, not a tree: a changed file follows the newest version.
    const refuseNewer = (rr: Reader) => {
      const newer = newerVersionOf(rr, old.id);
      if (newer)
        throw new CasusError(
          'conflict',
          `"${old.title}" (${input.sourceId}) has a newer version already (${newer.id}, from ${newer.original_name}): import the changed file as a new version of that one`,
          { newerId: newer.id },
        );
    };
    refuseNewer(r);
    const { moved, unanchored } = reanchor(oldText, doc.text, segments);
    const report = unanchored.map((seg) => {
      const codes = codeLabelsOfSegment(r, seg.id);
      return {
        segmentId: seg.id,
        text: seg.text,
        start: seg.start,
        end: seg.end,
        codes: codes.map((c) => c.label_nl),
        codeIds: codes.map((c) => c.id),
      };
    });
    const counts = { total: segments.length, reanchored: moved.length };
    const lost = report.length;
    if (input.dryRun) {
      return {
        ...base,
        status: 'preview' as const,
        segments: counts,
        unanchored: report,
        message: `${fileName}: ${moved.length} of ${segments.length} segments can be re-anchored${lost ? `; ${lost} cannot` : ''}`,
      };
    }
    if (lost > 0 && !input.allowUnanchored) {
      return {
        ...base,
        status: 'refused' as const,
        segments: counts,
        unanchored: report,
        message:
          `${fileName}: not imported: ${lost} of ${segments.length} coded segments of "${old.title}" ` +
          'do not occur in the new version (listed); import anyway to keep them on the previous version',
      };
    }
    const id = newId();
    ctx.action('import.newVersion', (w) => {
      refuseNewer(w);
      insertSource(
        w,
        {
          id,
          caseId: old.case_id,
          title: old.title,
          kind: old.kind,
          documentType: old.document_type,
          date: old.date,
          respondentId: old.respondent_id,
          validation: old.validation,
          originalName: fileName,
          sha256: hash,
          textSha256: sha256(doc.text),
          originalBytes: bytes,
          previousVersionId: old.id,
          createdAt: now(),
          createdBy: ctx.coderId(),
        },
        doc,
      );
      const byId = new Map(segmentsOfSource(w, old.id).map((seg) => [seg.id, seg]));
      for (const m of moved) {
        const before = byId.get(m.id);
        if (!before)
          throw new CasusError('conflict', `Segment ${m.id} changed meanwhile; try again`);
        updateSegment(w, before, { source_id: id, start: m.start, end: m.end });
      }
    });
    return {
      ...base,
      status: 'imported' as const,
      source: summary(ctx.read(), id),
      segments: counts,
      unanchored: report,
      message:
        `${fileName}: imported as a new version of "${old.title}"; ${moved.length} of ${segments.length} segments re-anchored` +
        (lost ? `, ${lost} stay on the previous version` : ''),
    };
  },
};
