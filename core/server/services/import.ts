import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Db } from '../../../db/open.js';
import { getSourceSummary, insertSourceRows } from '../../../db/repo/sources.js';
import type {
  ImportFileResult,
  importContract,
  RespondentChoice,
} from '../../shared/contract/import.js';
import type { SourceSummary } from '../../shared/contract/schemas.js';
import { CasusError } from '../../shared/errors.js';
import type { ChangeLog } from '../changelog.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { ImportError } from '../import/errors.js';
import { DEFAULT_LIMITS } from '../import/limits.js';
import { SUPPORTED_EXTENSIONS, type ParsedDocument } from '../import/parse-document.js';
import { reanchor } from '../import/reanchor.js';
import { parseInWorker } from '../import/worker.js';

type Validation = 'draft' | 'sent' | 'approved' | 'corrections';
type Kind = 'interview' | 'document';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

interface FileInput {
  fileName: string;
  dataBase64?: string | undefined;
  path?: string | undefined;
}

/** The bytes of an uploaded or local file; a file over the limit is refused before reading. */
async function readInput(file: FileInput): Promise<Uint8Array | ImportError> {
  if (file.dataBase64 !== undefined) {
    // base64 is 4/3 of the bytes: refuse early without decoding a huge payload.
    if (file.dataBase64.length * 0.75 > DEFAULT_LIMITS.maxFileBytes + 3) {
      return new ImportError('too-large', file.fileName, 'the limit is 50 MB');
    }
    return new Uint8Array(Buffer.from(file.dataBase64, 'base64'));
  }
  const path = file.path ?? '';
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    throw new CasusError('not_found', `${file.fileName}: no such file (${path})`);
  }
  if (size > DEFAULT_LIMITS.maxFileBytes) {
    return new ImportError('too-large', file.fileName, 'the limit is 50 MB');
  }
  return new Uint8Array(await readFile(path));
}

function vocabularyKey(db: Db, kind: 'role' | 'document-type', value: string): string | null {
  const rows = db
    .prepare('SELECT key, label_nl, label_en FROM vocabulary WHERE kind = ?')
    .all(kind) as {
    key: string;
    label_nl: string;
    label_en: string;
  }[];
  // A project without this vocabulary (blank template) takes any value.
  if (rows.length === 0) return value;
  const v = value.toLowerCase();
  const hit = rows.find(
    (r) =>
      r.key.toLowerCase() === v || r.label_nl.toLowerCase() === v || r.label_en.toLowerCase() === v,
  );
  return hit ? hit.key : null;
}

function documentTypeKey(db: Db, value: string): string {
  const key = vocabularyKey(db, 'document-type', value);
  if (key === null) {
    const known = (
      db.prepare("SELECT key FROM vocabulary WHERE kind = 'document-type' ORDER BY sort").all() as {
        key: string;
      }[]
    ).map((r) => r.key);
    throw new CasusError(
      'invalid_input',
      `Unknown document type "${value}"; use one of: ${known.join(', ')}`,
    );
  }
  return key;
}

function checkCase(db: Db, caseId: string | null): void {
  if (caseId !== null && !db.prepare('SELECT 1 FROM cases WHERE id = ?').get(caseId)) {
    throw new CasusError('not_found', `No case with id ${caseId}`);
  }
}

/**
 * Finds or creates the respondent of a choice. Creating happens inside the import's transaction,
 * so a file that fails leaves no respondent behind.
 */
function resolveRespondent(
  db: Db,
  log: ChangeLog,
  choice: RespondentChoice,
  caseId: string | null,
): string {
  if ('id' in choice) {
    if (!db.prepare('SELECT 1 FROM respondents WHERE id = ?').get(choice.id)) {
      throw new CasusError('not_found', `No respondent with id ${choice.id}`);
    }
    return choice.id;
  }
  const existing = db
    .prepare('SELECT id FROM respondents WHERE lower(pseudonym) = lower(?)')
    .get(choice.pseudonym) as { id: string } | undefined;
  if (existing) return existing.id;
  if (!choice.role) {
    throw new CasusError(
      'invalid_input',
      `Respondent "${choice.pseudonym}" does not exist yet: give a role to create it`,
    );
  }
  const role = vocabularyKey(db, 'role', choice.role);
  if (role === null) {
    const known = (
      db.prepare("SELECT key FROM vocabulary WHERE kind = 'role' ORDER BY sort").all() as {
        key: string;
      }[]
    ).map((r) => r.key);
    throw new CasusError(
      'invalid_input',
      `Unknown role "${choice.role}"; use one of: ${known.join(', ')}`,
    );
  }
  const row = {
    id: newId(),
    pseudonym: choice.pseudonym,
    role,
    organisation: choice.organisation,
    case_id: caseId,
    created_at: now(),
  };
  db.prepare(
    `INSERT INTO respondents (id, pseudonym, role, organisation, case_id, created_at)
     VALUES (@id, @pseudonym, @role, @organisation, @case_id, @created_at)`,
  ).run(row);
  log.record('respondents', row.id, null, row);
  return row.id;
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

/** The metadata columns of a source, for the change log (the text and bytes are not copied). */
function sourceLogRow(db: Db, id: string): Record<string, unknown> | undefined {
  return db
    .prepare(
      `SELECT id, case_id, title, kind, document_type, date, respondent_id, validation,
              original_name, sha256, text_sha256, text_length, previous_version_id
       FROM sources WHERE id = ?`,
    )
    .get(id) as Record<string, unknown> | undefined;
}

function summary(db: Db, id: string): SourceSummary {
  const s = getSourceSummary(db, id);
  if (!s) throw new CasusError('not_found', `No source with id ${id}`);
  return s;
}

function failed(err: ImportError): ImportFileResult {
  return { status: 'failed', fileName: err.fileName, reason: err.reason, message: err.message };
}

function duplicateOf(db: Db, hash: string): { id: string; title: string } | undefined {
  return db.prepare('SELECT id, title FROM sources WHERE sha256 = ? LIMIT 1').get(hash) as
    { id: string; title: string } | undefined;
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
    const db = ctx.db();
    const { fileName } = input.file;
    checkCase(db, input.caseId);
    const documentType = documentTypeKey(db, input.documentType);
    const bytes = await readInput(input.file);
    if (bytes instanceof ImportError) return failed(bytes);
    const hash = sha256(bytes);
    const dup = duplicateOf(db, hash);
    if (dup) {
      return {
        status: 'duplicate',
        fileName,
        existing: dup,
        message: `${fileName}: skipped, the same file is already in the project as "${dup.title}"`,
      };
    }
    const doc = await parse(bytes, fileName);
    if (doc instanceof ImportError) return failed(doc);
    const kind: Kind =
      input.kind ?? (documentType === 'interview-report' ? 'interview' : 'document');
    const id = newId();
    // One transaction: source row, original bytes, text, blocks and (by trigger) the search index.
    const outcome = ctx.action('import.file', (log) => {
      // Checked again inside the transaction: another request may have imported it meanwhile.
      const again = duplicateOf(db, hash);
      if (again) return again;
      const respondentId = input.respondent
        ? resolveRespondent(db, log, input.respondent, input.caseId)
        : null;
      insertSourceRows(
        db,
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
      log.record('sources', id, null, sourceLogRow(db, id));
      return null;
    });
    if (outcome) {
      return {
        status: 'duplicate',
        fileName,
        existing: outcome,
        message: `${fileName}: skipped, the same file is already in the project as "${outcome.title}"`,
      };
    }
    return {
      status: 'imported',
      fileName,
      source: summary(db, id),
      blocks: doc.blocks.length,
      warnings: doc.warnings,
    };
  },

  'import.updateSource': (input, ctx) => {
    const db = ctx.db();
    const before = sourceLogRow(db, input.id) as
      | {
          case_id: string | null;
          title: string;
          kind: Kind;
          document_type: string;
          date: string | null;
          respondent_id: string | null;
          validation: Validation | null;
        }
      | undefined;
    if (!before) throw new CasusError('not_found', `No source with id ${input.id}`);
    if (input.caseId !== undefined) checkCase(db, input.caseId);
    const documentType =
      input.documentType !== undefined
        ? documentTypeKey(db, input.documentType)
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
    ctx.action('import.updateSource', (log) => {
      const caseId = input.caseId !== undefined ? input.caseId : before.case_id;
      const respondentId =
        input.respondent === undefined
          ? before.respondent_id
          : input.respondent === null
            ? null
            : resolveRespondent(db, log, input.respondent, caseId);
      db.prepare(
        `UPDATE sources SET title = ?, case_id = ?, kind = ?, document_type = ?, date = ?,
           respondent_id = ?, validation = ? WHERE id = ?`,
      ).run(
        input.title ?? before.title,
        caseId,
        kind,
        documentType,
        input.date !== undefined ? input.date : before.date,
        respondentId,
        validation,
        input.id,
      );
      log.record('sources', input.id, before, sourceLogRow(db, input.id));
    });
    return summary(db, input.id);
  },

  'import.newVersion': async (input, ctx) => {
    const db = ctx.db();
    const { fileName } = input.file;
    const old = db
      .prepare(
        `SELECT id, case_id, title, kind, document_type, date, respondent_id, validation, sha256, text
         FROM sources WHERE id = ?`,
      )
      .get(input.sourceId) as
      | {
          id: string;
          case_id: string | null;
          title: string;
          kind: Kind;
          document_type: string;
          date: string | null;
          respondent_id: string | null;
          validation: Validation | null;
          sha256: string;
          text: string;
        }
      | undefined;
    if (!old) throw new CasusError('not_found', `No source with id ${input.sourceId}`);
    const bytes = await readInput(input.file);
    // The reason travels in the details, so a host can say it in the user's language.
    if (bytes instanceof ImportError)
      throw new CasusError('import_failed', bytes.message, bytes.toBody());
    const hash = sha256(bytes);
    const segments = db
      .prepare('SELECT id, start, end, text FROM segments WHERE source_id = ? ORDER BY start')
      .all(old.id) as { id: string; start: number; end: number; text: string }[];
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
    const newer = db
      .prepare('SELECT id, original_name FROM sources WHERE previous_version_id = ? LIMIT 1')
      .get(old.id) as { id: string; original_name: string } | undefined;
    if (newer)
      throw new CasusError(
        'conflict',
        `"${old.title}" (${input.sourceId}) has a newer version already (${newer.id}, from ${newer.original_name}): import the changed file as a new version of that one`,
        { newerId: newer.id },
      );
    const { moved, unanchored } = reanchor(old.text, doc.text, segments);
    const codesOf = db.prepare(
      `SELECT c.id, c.label_nl FROM codings g JOIN codes c ON c.id = g.code_id
       WHERE g.segment_id = ? ORDER BY c.label_nl`,
    );
    const report = unanchored.map((s) => {
      const codes = codesOf.all(s.id) as { id: string; label_nl: string }[];
      return {
        segmentId: s.id,
        text: s.text,
        start: s.start,
        end: s.end,
        codes: codes.map((r) => r.label_nl),
        codeIds: codes.map((r) => r.id),
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
    ctx.action('import.newVersion', (log) => {
      insertSourceRows(
        db,
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
      log.record('sources', id, null, sourceLogRow(db, id));
      const update = db.prepare(
        'UPDATE segments SET source_id = ?, start = ?, end = ? WHERE id = ?',
      );
      for (const s of moved) {
        const segBefore = db.prepare('SELECT * FROM segments WHERE id = ?').get(s.id);
        update.run(id, s.start, s.end, s.id);
        log.record(
          'segments',
          s.id,
          segBefore,
          db.prepare('SELECT * FROM segments WHERE id = ?').get(s.id),
        );
      }
    });
    return {
      ...base,
      status: 'imported' as const,
      source: summary(db, id),
      segments: counts,
      unanchored: report,
      message:
        `${fileName}: imported as a new version of "${old.title}"; ${moved.length} of ${segments.length} segments re-anchored` +
        (lost ? `, ${lost} stay on the previous version` : ''),
    };
  },
};
