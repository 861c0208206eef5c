import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MatrixSpec } from '../../shared/contract/matrix.js';
import {
  Coordinate,
  coordinateKey,
  CUBE_DIMENSIONS,
  type CubeDimension,
} from '../../shared/contract/synthesis.js';
import type { Reader, Writer } from '../../../db/access.js';
import {
  attributes as attributeRows,
  caseAttributeValues,
  caseById,
  caseRows,
  insertAttribute,
  insertCase,
  insertCaseAttributeValue,
} from '../../../db/repo/cases.js';
import { insertCoder, listCoders } from '../../../db/repo/coders.js';
import { allCodingsUnordered, insertCoding } from '../../../db/repo/codings.js';
import {
  codeRows as allCodeRows,
  codeRow as codeRowOf,
  insertCode,
  updateCode,
} from '../../../db/repo/codes.js';
import {
  insertMatrixDefinition,
  matrixDefinition,
  matrixDefinitionsBySort,
  updateMatrixDefinition,
} from '../../../db/repo/matrices.js';
import { allMemos, insertMemo, PROJECT_MEMO_TARGET } from '../../../db/repo/memos.js';
import {
  projectRow,
  projectSettings,
  updateProject,
  updateSettings,
} from '../../../db/repo/project.js';
import { insertRespondent, listRespondents } from '../../../db/repo/respondents.js';
import {
  allSegmentIds,
  allSegments,
  insertSegment,
  segmentRow,
} from '../../../db/repo/segments.js';
import {
  getSourceBlocks,
  getSourceText,
  insertSource,
  originalBytes as originalOf,
  sourceMarks,
  sourceRow,
  sourceRows,
  updateSource,
  dropSearchIndexUntilBuilt,
} from '../../../db/repo/sources.js';
import {
  dropIndexesUntilBuilt,
  dropKeptCountsUntilCounted,
  enlargeSearchIndexBuffer,
} from '../../../db/repo/indexes.js';
import { insertSynthesisCell, synthesisCells } from '../../../db/repo/syntheses.js';
import { deleteVocabulary, insertVocabulary, vocabulary } from '../../../db/repo/vocabulary.js';
import type { AttributeRow, CodingRow, MemoRow, SourceRow } from '../../../db/tables.js';
import type { Dimension } from '../../shared/template/types.js';
import type { Block } from '../../shared/blocks.js';
import { rangeProblem } from '../../shared/text/offsets.js';
import { newId, now, slugify } from '../domain/ids.js';
import {
  dimensionOfSet,
  dimensionSets,
  readSourceMeta,
  sourceMetaKeyOf,
  sourceMetaValues,
  sourceMetaVariables,
  type SourceMetaKey,
} from './casus-standard.js';
import { CASUS_ORIGIN } from './constants.js';
import { CasusExtensionSchema, type CasusExtension } from './extension.js';
import { derivedGuid, isGuid } from './guid.js';
import {
  hasContent,
  readSynthesisNote,
  synthesisBodyFromNote,
  synthesisNote,
  type SynthesisFromNote,
} from './synthesis-notes.js';
import {
  emptyProject,
  walkCodes,
  type Guid,
  type RefiCode,
  type RefiNote,
  type RefiNoteTarget,
  type RefiProject,
  type RefiTextSource,
  type RefiVariable,
  type RefiVariableType,
} from './model.js';
import type { RefiImportReport } from './report.js';
import { importTranscript, turnsForExtension } from './transcript-recording.js';

const PALETTE = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * REFI needs GUIDs; Casus ids are UUIDs already. Anything else (never expected) gets a stable
 * UUID derived from it, so repeated exports agree.
 */
/** The form Casus stores its ids in (hundreds of thousands pass here on a large export). */
const LOWER_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function guidFor(id: string): Guid {
  if (LOWER_GUID.test(id)) return id;
  if (isGuid(id)) return id.toLowerCase();
  const h = sha256(`casus:${id}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function jsonOrNull(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}

/** The references of a synthesis cell as synthesis.ts stores them (StoredRef). */
const StoredRefs = z.array(
  z.object({
    segmentId: z.string(),
    sourceId: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    quote: z.string(),
  }),
);

function opt(s: string | null | undefined): string | undefined {
  return s === null || s === undefined || s === '' ? undefined : s;
}

// ------------------------------------------------------------------------------------------------
// Casus → REFI

const VARIABLE_TYPE: Record<AttributeRow['type'], RefiVariableType> = {
  text: 'Text',
  number: 'Float',
  date: 'Date',
  boolean: 'Boolean',
  choice: 'Text',
};

export interface RefiExportOptions {
  /** One selection per code of a passage, instead of one selection with several Codings. */
  selectionPerCode?: boolean;
}

/** Reads a whole Casus project into the REFI model plus the Casus-only extension. */
export function casusToRefi(
  db: Reader,
  opts: RefiExportOptions = {},
): { project: RefiProject; extension: CasusExtension } {
  const p = projectRow(db);
  const project = emptyProject(p.name);
  project.origin = CASUS_ORIGIN;
  project.description = opt(p.description);
  project.createdAt = p.created_at;
  project.modifiedAt = now();

  const coders = listCoders(db);
  project.users = coders.map((c) => ({ guid: guidFor(c.id), name: c.name, id: c.initials }));
  const codeRows = allCodeRows(db);
  project.codes = codeTree(codeRows, colourlessCodes(db));
  project.sets.push(
    ...dimensionSets(
      p.uuid,
      codeRows.map((r) => ({ guid: guidFor(r.id), dimension: r.dimension })),
    ),
  );
  const attributes = attributeRows(db);
  const generated: RefiVariable[] = sourceMetaVariables(p.uuid).map(({ key: _key, ...v }) => v);
  project.variables = [...caseVariables(attributes), ...generated];
  const sources = sourceRows(db);
  const cases = caseRows(db);
  project.cases = refiCases(db, cases, sources);

  const extension = casusExtension(db, {
    project: p,
    coders,
    codeRows,
    attributes,
    cases,
    generated,
    sets: project.sets,
  });
  project.textSources = textSources(db, p.uuid, sources, extension);
  if (opts.selectionPerCode) splitSelections(project.textSources, extension);
  project.notes = [...notes(db, extension), ...synthesisNotes(db, codeRows, cases, sources)];
  return { project, extension };
}

/**
 * Each synthesis that says something as a Note other programs show (synthesis-notes.ts): named
 * after its cell in words, linked to its codes, its case and the passages it cites.
 */
/** Oldest first, then by id: the order of `allCodings`. */
const olderCodingFirst = (a: CodingRow, b: CodingRow): number =>
  a.created_at < b.created_at
    ? -1
    : a.created_at > b.created_at
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;

function synthesisNotes(
  db: Reader,
  codeRows: CodeRows,
  cases: ReturnType<typeof caseRows>,
  sources: SourceRow[],
): RefiProject['notes'] {
  const codeLabel = new Map(codeRows.map((r) => [r.id, r.label_nl || r.label_en] as const));
  const caseLabel = new Map(cases.map((c) => [c.id, c.label_nl || c.label_en || c.key] as const));
  const vocabLabel = new Map(
    vocabulary(db).map((v) => [`${v.kind}:${v.key}`, v.label_nl || v.label_en] as const),
  );
  const sourceTitle = new Map(sources.map((s) => [s.id, s.title] as const));
  const liveSegments = new Set(allSegmentIds(db));
  const labelOf = (d: CubeDimension, v: string) =>
    d === 'case'
      ? caseLabel.get(v)
      : d === 'sourceType'
        ? vocabLabel.get(`document-type:${v}`)
        : d === 'role'
          ? vocabLabel.get(`role:${v}`)
          : codeLabel.get(v);
  return synthesisCells(db).flatMap((c) => {
    const coordinate = Coordinate.safeParse(jsonOrNull(c.coordinate));
    const refs = StoredRefs.safeParse(jsonOrNull(c.refs));
    if (!coordinate.success || !refs.success) return [];
    const cell = {
      bodyText: c.body_text,
      status: c.status,
      refs: refs.data,
    };
    if (!hasContent(cell)) return [];
    const ids: Coordinate = {};
    const words: string[] = [];
    for (const d of CUBE_DIMENSIONS) {
      const v = coordinate.data[d];
      if (v === undefined) continue;
      ids[d] = d === 'sourceType' || d === 'role' ? v : guidFor(v);
      words.push(labelOf(d, v) ?? v);
    }
    return [
      synthesisNote({
        guid: guidFor(c.id),
        label: words.join(' × '),
        coordinate: ids,
        bodyText: c.body_text,
        status: c.status,
        refs: refs.data.map((r) => ({
          selectionGuid: guidFor(r.segmentId),
          quote: r.quote,
          sourceTitle: sourceTitle.get(r.sourceId) ?? '',
          live: liveSegments.has(r.segmentId),
        })),
        ...(c.updated_by ? { creatingUser: guidFor(c.updated_by) } : {}),
        createdAt: c.created_at,
        modifiedAt: c.updated_at,
      }),
    ];
  });
}

type CodeRows = ReturnType<typeof allCodeRows>;

/**
 * Project setting: codes imported without a colour, with the palette colour Casus gave them. As
 * long as a code keeps that colour, exports write it without one.
 */
const COLOURLESS_SETTING = 'refiColourlessCodes';
const Colourless = z.record(z.string(), z.string());

function colourlessCodes(db: Reader): Record<string, string> {
  const parsed = Colourless.safeParse(projectSettings(db)[COLOURLESS_SETTING]);
  return parsed.success ? parsed.data : {};
}

/** The code tree, nested as REFI keeps it. */
function codeTree(codeRows: CodeRows, colourless: Record<string, string>): RefiCode[] {
  const byParent = new Map<string | null, CodeRows>();
  for (const r of codeRows) byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), r]);
  const tree = (parent: string | null): RefiCode[] =>
    (byParent.get(parent) ?? []).map((r) => ({
      guid: guidFor(r.id),
      name: r.label_nl || r.label_en,
      // A colour Casus gave a code that came without one is not the other program's: left out.
      ...(colourless[r.id] === r.color ? {} : { color: r.color }),
      description: opt(r.description_nl) ?? opt(r.description_en),
      isCodable: true,
      children: tree(r.id),
    }));
  return tree(null);
}

/** Case attributes as variables. */
function caseVariables(attributes: AttributeRow[]): RefiVariable[] {
  return attributes
    .filter((a) => a.scope === 'case')
    .map((a) => ({ guid: guidFor(a.id), name: a.label_nl || a.key, type: VARIABLE_TYPE[a.type] }));
}

/** Cases with their sources and attribute values. */
function refiCases(
  db: Reader,
  cases: ReturnType<typeof caseRows>,
  sources: SourceRow[],
): RefiProject['cases'] {
  const values = caseAttributeValues(db);
  return cases.map((c) => ({
    guid: guidFor(c.id),
    name: c.label_nl || c.label_en || c.key,
    description: opt(c.description),
    sourceGuids: sources.filter((s) => s.case_id === c.id).map((s) => guidFor(s.id)),
    selectionGuids: [],
    codeGuids: [],
    variableValues: values
      .filter((v) => v.case_id === c.id)
      .map((v) => ({ variableGuid: guidFor(v.attribute_id), value: v.value })),
  }));
}

/**
 * What only Casus reads back: the rows as Casus keeps them (keys, both languages, sort orders,
 * vocabulary, respondents without real names, saved matrices, syntheses). Sources and memos are
 * added as they are written.
 */
function casusExtension(
  db: Reader,
  x: {
    project: ReturnType<typeof projectRow>;
    coders: ReturnType<typeof listCoders>;
    codeRows: CodeRows;
    attributes: AttributeRow[];
    cases: ReturnType<typeof caseRows>;
    generated: RefiVariable[];
    sets: RefiProject['sets'];
  },
): CasusExtension {
  const p = x.project;
  return {
    format: 'casus-refi-extension',
    version: 1,
    project: { uuid: p.uuid, template: p.template, settings: p.settings, createdAt: p.created_at },
    vocabulary: vocabulary(db).map((v) => ({
      kind: v.kind,
      key: v.key,
      labelNl: v.label_nl,
      labelEn: v.label_en,
      sort: v.sort,
    })),
    coders: Object.fromEntries(
      x.coders.map((c) => [
        guidFor(c.id),
        { initials: c.initials, color: c.color, createdAt: c.created_at },
      ]),
    ),
    codes: Object.fromEntries(
      x.codeRows.map((r) => [
        guidFor(r.id),
        {
          key: r.key,
          dimension: r.dimension,
          labelNl: r.label_nl,
          labelEn: r.label_en,
          descriptionNl: r.description_nl,
          descriptionEn: r.description_en,
          sort: r.sort,
          createdAt: r.created_at,
        },
      ]),
    ),
    attributes: x.attributes.map((a) => ({
      id: guidFor(a.id),
      scope: a.scope,
      key: a.key,
      labelNl: a.label_nl,
      labelEn: a.label_en,
      type: a.type,
      choices: a.choices,
      sort: a.sort,
    })),
    cases: Object.fromEntries(
      x.cases.map((c) => [
        guidFor(c.id),
        {
          key: c.key,
          labelNl: c.label_nl,
          labelEn: c.label_en,
          sort: c.sort,
          createdAt: c.created_at,
        },
      ]),
    ),
    // Real names are confidential and never leave the project file.
    respondents: listRespondents(db).map((r) => ({
      id: guidFor(r.id),
      pseudonym: r.pseudonym,
      role: r.role,
      organisation: r.organisation,
      caseId: r.case_id ? guidFor(r.case_id) : null,
      createdAt: r.created_at,
    })),
    sources: {},
    memos: {},
    matrixDefinitions: matrixDefinitionsBySort(db).map((d) => ({
      id: d.id,
      nameNl: d.name_nl,
      nameEn: d.name_en,
      spec: d.spec,
      builtin: d.builtin === 1,
      sort: d.sort,
      createdAt: d.created_at,
    })),
    synthesisCells: synthesisCells(db).map((c) => ({
      id: c.id,
      coordinate: JSON.parse(c.coordinate) as Coordinate,
      body: c.body,
      bodyText: c.body_text,
      status: c.status,
      statusBy: c.status_by,
      statusAt: c.status_at,
      refs: c.refs,
      updatedBy: c.updated_by,
      updatedAt: c.updated_at,
      createdAt: c.created_at,
    })),
    generatedVariables: x.generated.map((v) => v.guid),
    generatedSets: x.sets.map((s) => s.guid),
  };
}

/** Sources with their text, metadata variables and selections; their Casus facts into `ext`. */
function textSources(
  db: Reader,
  projectUuid: string,
  sources: SourceRow[],
  ext: CasusExtension,
): RefiTextSource[] {
  const respById = new Map(listRespondents(db).map((r) => [r.id, r] as const));
  const segments = allSegments(db);
  // Read unsorted and grouped; each segment's few codings are put oldest first below.
  const codings = allCodingsUnordered(db);
  const segmentsBySource = new Map<string, typeof segments>();
  for (const g of segments) {
    const list = segmentsBySource.get(g.source_id);
    if (list) list.push(g);
    else segmentsBySource.set(g.source_id, [g]);
  }
  const codingsBySegment = new Map<string, typeof codings>();
  for (const k of codings) {
    const list = codingsBySegment.get(k.segment_id);
    if (list) list.push(k);
    else codingsBySegment.set(k.segment_id, [k]);
  }
  for (const list of codingsBySegment.values()) if (list.length > 1) list.sort(olderCodingFirst);
  return sources.map((s) => {
    const guid = guidFor(s.id);
    // The extension keeps each block's attributes as plain key/value pairs.
    const blocks = getSourceBlocks(db, s.id).map(
      (b) => ({ ...b }) as { type: Block['type'] } & Record<string, string | number | boolean>,
    );
    ext.sources[guid] = {
      caseId: s.case_id ? guidFor(s.case_id) : null,
      kind: s.kind,
      documentType: s.document_type,
      date: s.date,
      respondentId: s.respondent_id ? guidFor(s.respondent_id) : null,
      validation: s.validation,
      originalName: s.original_name,
      sha256: s.sha256,
      previousVersionId: s.previous_version_id ? guidFor(s.previous_version_id) : null,
      sort: s.sort,
      marks: sourceMarks(db, s.id),
      blocks,
      turns: turnsForExtension(db, s.id, guidFor),
    };
    const original = originalOf(db, s.id);
    return {
      guid,
      name: s.title,
      text: getSourceText(db, s.id) ?? '',
      origin: { kind: 'text' },
      creatingUser: s.created_by ? guidFor(s.created_by) : undefined,
      createdAt: s.created_at,
      variableValues: sourceMetaValues(
        projectUuid,
        s,
        s.respondent_id ? respById.get(s.respondent_id) : undefined,
      ),
      selections: (segmentsBySource.get(s.id) ?? []).map((g) => ({
        guid: guidFor(g.id),
        start: g.start,
        end: g.end,
        creatingUser: g.created_by ? guidFor(g.created_by) : undefined,
        createdAt: g.created_at,
        codings: (codingsBySegment.get(g.id) ?? []).map((k) => ({
          guid: guidFor(k.id),
          codeGuid: guidFor(k.code_id),
          creatingUser: k.coder_id ? guidFor(k.coder_id) : undefined,
          createdAt: k.created_at,
        })),
      })),
      ...(original ? { original: { name: s.original_name, bytes: new Uint8Array(original) } } : {}),
    } satisfies RefiTextSource;
  });
}

const MEMO_FALLBACK_NAME: Record<MemoRow['target_type'], string> = {
  project: 'Memo (project)',
  case: 'Memo (casus)',
  source: 'Memo (bron)',
  code: 'Memo (code)',
  segment: 'Memo (passage)',
  cell: 'Memo (matrixcel)',
};

/** The first words of a text, at most about 60 characters, for a name. */
function firstWords(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A selection with several Codings becomes one selection per Coding: the first keeps the
 * passage's GUID (and what refers to it), the others get GUIDs derived from their coding, listed
 * in casus.json so that Casus reads the passage back as one segment.
 */
function splitSelections(sources: RefiTextSource[], ext: CasusExtension): void {
  const split: Record<string, string> = {};
  for (const s of sources) {
    s.selections = s.selections.flatMap((sel) => {
      if (sel.codings.length < 2) return [sel];
      const [first, ...rest] = sel.codings;
      return [
        { ...sel, codings: [first!] },
        ...rest.map((k) => {
          const guid = derivedGuid(sel.guid, 'selection', k.guid);
          split[guid] = sel.guid;
          return { ...sel, guid, codings: [k] };
        }),
      ];
    });
  }
  if (Object.keys(split).length > 0) ext.splitSelections = split;
}

/** Memos as notes (a synthesis cell's memo has no REFI target); their Casus facts into `ext`. */
function notes(db: Reader, ext: CasusExtension): RefiProject['notes'] {
  return allMemos(db).map((m) => {
    const guid = guidFor(m.id);
    const target: RefiNoteTarget | null =
      m.target_type === 'project'
        ? { guid: '', kind: 'project' }
        : m.target_type === 'segment'
          ? { guid: guidFor(m.target_id), kind: 'selection' }
          : m.target_type === 'cell'
            ? null
            : { guid: guidFor(m.target_id), kind: m.target_type };
    ext.memos[guid] = {
      targetType: m.target_type,
      targetId: m.target_id,
      title: m.title,
      body: m.body,
      updatedAt: m.updated_at,
    };
    return {
      guid,
      // Other programs list notes by name: an untitled memo is named by its first words.
      name: m.title.trim() || firstWords(m.body_text) || MEMO_FALLBACK_NAME[m.target_type],
      text: m.body_text,
      targets: target ? [target] : [],
      creatingUser: m.author_id ? guidFor(m.author_id) : undefined,
      createdAt: m.created_at,
      modifiedAt: m.updated_at,
    };
  });
}

// ------------------------------------------------------------------------------------------------
// REFI → Casus (into a freshly created project)

function paragraphs(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    blocks.push({ type: 'paragraph', start, end: start + line.length });
    start += line.length + 1;
  }
  return blocks;
}

function uniqueName(taken: Set<string>, wanted: string): string {
  let name = wanted;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${wanted} (${i})`;
  taken.add(name.toLowerCase());
  return name;
}

const ATTRIBUTE_TYPE: Record<RefiVariableType, AttributeRow['type']> = {
  Text: 'text',
  Boolean: 'boolean',
  Integer: 'number',
  Float: 'number',
  Date: 'date',
  DateTime: 'text',
};

/** What the import steps share: the target, the file's Casus extension, and what was written. */
interface ImportRun {
  w: Writer;
  project: RefiProject;
  progress: (p: { step: 'building' | 'indexing'; done?: number; total?: number }) => void;
  /** What Casus itself wrote beside the REFI data (null for files of other programs). */
  ext: CasusExtension | null;
  report: RefiImportReport;
  skip: RefiImportReport['skipped'];
  at: string;
  counts: RefiImportReport['counts'];
  projectUuid: string;
  coderIds: Set<string>;
  codeIds: Set<string>;
  attributeIds: Set<string>;
  caseIds: Set<string>;
  caseOfSource: Map<string, string>;
  respondentIds: Set<string>;
  sourceIds: Set<string>;
  segmentOfCoding: Map<string, string>;
  /** Without casus.json: code dimensions from the Sets Casus writes for them. */
  dimensionOf: Map<Guid, Exclude<Dimension, 'free'>>;
  /** Without casus.json: the syntheses found among the notes. */
  synthesisNotes: { note: RefiNote; synthesis: SynthesisFromNote }[];
  /** The codes each segment of the source being written has, so the same code is kept once. */
  codesOfSegment: Map<Guid, Set<Guid>>;
  /** Sources whose earlier version is another source: linked once all sources are in. */
  previousVersions: [string, string][];
  /** Sources written so far, and how many the file is expected to hold (progress). */
  built: number;
  expected: number;
  /** Without casus.json: the Sets and Variables recognised as Casus's own. */
  standardSets: Set<Guid>;
  metaKeyOf: Map<Guid, SourceMetaKey>;
}

/** A coder the import wrote, or null (an unknown user). */
const coderIn = (run: ImportRun, g: Guid | undefined) => (g && run.coderIds.has(g) ? g : null);

/** Progress of the import's build: sources written of how many, then the search indexes. */
export type BuildProgress = (p: {
  step: 'building' | 'indexing';
  done?: number;
  total?: number;
}) => void;

/**
 * Writes an imported REFI project as the reader hands it over, into a project database made from
 * the blank template, inside one action (held open while the file is read): `begin` with what
 * precedes the sources (users, code book, variables, cases), `source` for each text source as it
 * is read (the sources are never all in memory), `finish` with the rest (the sources read last,
 * notes, links, sets, the description). Updates the report: what was written, and what was not.
 */
export interface RefiProjectBuilder {
  source(s: RefiTextSource): void;
  finish(project: RefiProject): void;
}

/** Starts the build (see RefiProjectBuilder); `expected` sources, for progress, when known. */
export function beginRefiBuild(
  w: Writer,
  project: RefiProject,
  report: RefiImportReport,
  rawExtension: unknown,
  progress: BuildProgress = () => {},
  expected = 0,
): RefiProjectBuilder {
  const ext = readExtension(rawExtension, report);
  const run: ImportRun = {
    w,
    progress,
    project,
    ext,
    report,
    skip: report.skipped,
    at: now(),
    counts: {
      users: 0,
      codes: 0,
      sources: 0,
      segments: 0,
      codings: 0,
      notes: 0,
      cases: 0,
      variables: 0,
      sets: 0,
    },
    projectUuid: ext?.project.uuid ?? projectRow(w).uuid,
    coderIds: new Set(),
    codeIds: new Set(),
    attributeIds: new Set(),
    caseIds: new Set(),
    caseOfSource: new Map(),
    respondentIds: new Set(),
    sourceIds: new Set(),
    segmentOfCoding: new Map(),
    dimensionOf: new Map(),
    synthesisNotes: [],
    codesOfSegment: new Map(),
    standardSets: new Set(),
    metaKeyOf: new Map(),
    previousVersions: [],
    built: 0,
    expected,
  };
  if (!ext) {
    readSourceMetaVariables(run);
    readDimensionSets(run);
  }
  importProjectRow(run);
  importCoders(run);
  importCodes(run);
  importAttributes(run);
  importCases(run);
  importRespondents(run);
  // A new project: its search indexes are built once, after all sources are in (in large segments).
  // Its codings, segments and their change-log rows get their indexes once, after all are in.
  // The counts the triggers keep are counted once, after them.
  const indexesBuilt = dropIndexesUntilBuilt(
    w,
    ['codings', 'segments', 'change_log'],
    // Filled in their own order: by code then segment sequence, by time, group and session.
    ['codings_code', 'change_log_at', 'change_log_group', 'change_log_session'],
  );
  const counted = dropKeptCountsUntilCounted(w);
  const bufferBack = enlargeSearchIndexBuffer(w);
  const searchBuilt = dropSearchIndexUntilBuilt(w);
  progress({ step: 'building', done: 0, ...outOf(expected, 0) });
  return {
    source: (s) => importSource(run, s),
    finish(rest) {
      run.project = rest;
      for (const s of rest.textSources) importSource(run, s);
      linkPreviousVersions(run);
      progress({ step: 'indexing' });
      searchBuilt();
      bufferBack();
      counted();
      indexesBuilt();
      // What the file gives after its sources: dimension Sets and the project's description.
      if (!ext) applyDimensionSets(run);
      const description = rest.description ?? '';
      if (projectRow(w).description !== description) updateProject(w, { description });
      importNotes(run);
      importMatrixDefinitions(run);
      importSyntheses(run);
      importSynthesisNotes(run);
      reportSets(run);
      report.counts = run.counts;
    },
  };
}

/**
 * What Casus writes into the standard part itself (code dimensions as Sets, source metadata as
 * source Variables), recognised by name, for files without casus.json: a Casus project that went
 * through another program keeps them. A code in two dimension Sets keeps the first. The Sets
 * follow the sources in the file: read here when the project is whole, after the sources when it
 * is streamed (applyDimensionSets).
 */
function readDimensionSets(run: ImportRun): void {
  for (const set of run.project.sets) {
    const dim = dimensionOfSet(set.name);
    if (!dim || set.sourceGuids.length > 0 || set.noteGuids.length > 0) continue;
    run.standardSets.add(set.guid);
    for (const g of set.codeGuids) if (!run.dimensionOf.has(g)) run.dimensionOf.set(g, dim);
  }
}

/** The dimension Sets read after the sources: the codes they name get their dimension. */
function applyDimensionSets(run: ImportRun): void {
  readDimensionSets(run);
  for (const [g, dimension] of run.dimensionOf) {
    const row = run.codeIds.has(g) ? codeRowOf(run.w, g) : undefined;
    if (row && row.dimension !== dimension) updateCode(run.w, row, { dimension });
  }
}

/** Source Variables Casus writes for its source metadata (those not used on cases). */
function readSourceMetaVariables(run: ImportRun): void {
  const caseVariables = new Set(
    run.project.cases.flatMap((c) => c.variableValues.map((v) => v.variableGuid)),
  );
  for (const v of run.project.variables) {
    const key = sourceMetaKeyOf(v.name);
    if (key && !caseVariables.has(v.guid)) run.metaKeyOf.set(v.guid, key);
  }
}

/** The Casus extension (casus.json), when it is there and has the shape Casus writes. */
function readExtension(raw: unknown, report: RefiImportReport): CasusExtension | null {
  if (raw === undefined) return null;
  const parsed = CasusExtensionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  report.warnings.push('casus.json does not match what Casus writes; Casus-only details ignored');
  return null;
}

/** The project row, and the vocabulary as Casus wrote it. */
function importProjectRow(run: ImportRun): void {
  const { w, project, ext } = run;
  updateProject(w, {
    uuid: run.projectUuid,
    name: project.name,
    description: project.description ?? '',
    ...(ext
      ? {
          template: ext.project.template,
          settings: ext.project.settings,
          created_at: ext.project.createdAt,
        }
      : {}),
  });
  if (ext) {
    for (const v of vocabulary(w)) deleteVocabulary(w, v);
    for (const x of ext.vocabulary)
      insertVocabulary(w, {
        kind: x.kind,
        key: x.key,
        label_nl: x.labelNl,
        label_en: x.labelEn,
        sort: x.sort,
      });
  }
}

/** Users become coders (unique names, initials from the file or the name). */
function importCoders(run: ImportRun): void {
  const { w, ext, at, counts } = run;
  const coderNames = new Set<string>();
  run.project.users.forEach((u, i) => {
    const e = ext?.coders[u.guid];
    const name = uniqueName(coderNames, u.name.trim() || 'Coder');
    const initials =
      e?.initials ??
      u.id?.slice(0, 4) ??
      name
        .split(/\s+/)
        .filter((w) => /^\p{L}/u.test(w))
        .map((w) => w[0]?.toUpperCase() ?? '')
        .join('')
        .slice(0, 3);
    insertCoder(w, {
      id: u.guid,
      name,
      initials: initials || '?',
      color: e?.color ?? PALETTE[i % PALETTE.length]!,
      created_at: e?.createdAt ?? at,
    });
    run.coderIds.add(u.guid);
    counts.users++;
  });
}

/** The code tree, parents before children. */
function importCodes(run: ImportRun): void {
  const { w, ext, at, counts } = run;
  const codeKeys = new Set<string>();
  const colourless: Record<string, string> = {};
  const siblingIndex = new Map<string | null, number>();
  for (const { code, parent } of walkCodes(run.project.codes)) {
    const e = ext?.codes[code.guid];
    const parentId = parent ? parent.guid : null;
    const idx = siblingIndex.get(parentId) ?? 0;
    siblingIndex.set(parentId, idx + 1);
    let key = e?.key ?? null;
    if (key !== null && codeKeys.has(key)) key = null;
    if (key !== null) codeKeys.add(key);
    const hasColour = code.color !== undefined && /^#[0-9a-fA-F]{6}$/.test(code.color);
    const color = hasColour ? code.color! : PALETTE[counts.codes % PALETTE.length]!;
    if (!hasColour && !ext) colourless[code.guid] = color;
    insertCode(w, {
      id: code.guid,
      parent_id: parentId,
      key,
      dimension: e?.dimension ?? run.dimensionOf.get(code.guid) ?? 'free',
      label_nl: e?.labelNl ?? code.name,
      label_en: e?.labelEn ?? code.name,
      description_nl: e?.descriptionNl ?? code.description ?? '',
      description_en: e?.descriptionEn ?? code.description ?? '',
      color,
      sort: e?.sort ?? idx,
      created_at: e?.createdAt ?? at,
    });
    run.codeIds.add(code.guid);
    counts.codes++;
  }
  if (Object.keys(colourless).length > 0)
    updateSettings(w, (settings) => ({ ...settings, [COLOURLESS_SETTING]: colourless }));
}

/** Attributes: from the extension when Casus wrote the file, otherwise from case variables. */
function importAttributes(run: ImportRun): void {
  const { w, ext, project, counts, attributeIds } = run;
  const generated = new Set(ext?.generatedVariables ?? []);
  if (ext) {
    for (const a of ext.attributes) {
      insertAttribute(w, {
        id: a.id,
        scope: a.scope,
        key: a.key,
        label_nl: a.labelNl,
        label_en: a.labelEn,
        type: a.type,
        choices: a.choices,
        sort: a.sort,
      });
      attributeIds.add(a.id);
      counts.variables++;
    }
  }
  const caseVariables = new Set(
    project.cases.flatMap((c) => c.variableValues.map((v) => v.variableGuid)),
  );
  const attrKeys = new Set<string>();
  project.variables.forEach((v, i) => {
    if (generated.has(v.guid) || attributeIds.has(v.guid) || run.metaKeyOf.has(v.guid)) return;
    if (!caseVariables.has(v.guid)) {
      run.skip.push({
        kind: 'variable',
        guid: v.guid,
        name: v.name,
        reason: 'Casus keeps attributes per case; this variable is only used on sources',
      });
      return;
    }
    const key = uniqueName(attrKeys, slugify(v.name));
    insertAttribute(w, {
      id: v.guid,
      scope: 'case',
      key,
      label_nl: v.name,
      label_en: v.name,
      type: ATTRIBUTE_TYPE[v.type],
      choices: null,
      sort: i,
    });
    attributeIds.add(v.guid);
    counts.variables++;
  });
}

/** Cases with their attribute values; each source keeps the first case that lists it. */
function importCases(run: ImportRun): void {
  const { w, ext, at, counts } = run;
  const caseKeys = new Set<string>();
  run.project.cases.forEach((c, i) => {
    const e = ext?.cases[c.guid];
    const key = uniqueName(caseKeys, e?.key ?? slugify(c.name));
    insertCase(w, {
      id: c.guid,
      key,
      label_nl: e?.labelNl ?? c.name,
      label_en: e?.labelEn ?? c.name,
      description: c.description ?? '',
      sort: e?.sort ?? i,
      created_at: e?.createdAt ?? at,
    });
    run.caseIds.add(c.guid);
    counts.cases++;
    for (const vv of c.variableValues) {
      if (run.attributeIds.has(vv.variableGuid))
        insertCaseAttributeValue(w, {
          case_id: c.guid,
          attribute_id: vv.variableGuid,
          value: vv.value,
        });
    }
    for (const s of c.sourceGuids) {
      const prev = run.caseOfSource.get(s);
      if (prev)
        run.report.warnings.push(`source ${s} belongs to several cases; Casus keeps the first`);
      else run.caseOfSource.set(s, c.guid);
    }
  });
}

/** Respondents (Casus files only; real names never travel). */
function importRespondents(run: ImportRun): void {
  for (const r of run.ext?.respondents ?? []) {
    insertRespondent(run.w, {
      id: r.id,
      pseudonym: r.pseudonym,
      role: r.role,
      organisation: r.organisation,
      case_id: r.caseId && run.caseIds.has(r.caseId) ? r.caseId : null,
      real_name: null,
      created_at: r.createdAt,
    });
    run.respondentIds.add(r.id);
  }
}

/**
 * The total of a progress report: the sources the archive holds as files. A file whose sources
 * carry their text inline states no number before its end: then no total, rather than "n of n".
 */
const outOf = (expected: number, done: number): { total?: number } =>
  expected > 0 ? { total: Math.max(expected, done) } : {};

/** Sources between two progress reports of an import. */
const PROGRESS_EVERY = 50;

/** One source with its selections and codings (version links wait for linkPreviousVersions). */
function importSource(run: ImportRun, s: RefiTextSource): void {
  const { w, ext, at, counts } = run;
  const i = run.built++;
  if (i > 0 && i % PROGRESS_EVERY === 0)
    run.progress({ step: 'building', done: i, ...outOf(run.expected, i) });
  const e = ext?.sources[s.guid];
  const originalBytes = s.original?.bytes ?? new TextEncoder().encode(s.text);
  // A source made from a PDF or a recording is in the case that lists its PDF or recording.
  const listed =
    run.caseOfSource.get(s.guid) ??
    (s.origin.kind === 'text' ? undefined : run.caseOfSource.get(s.origin.parentGuid));
  const caseId = e ? (e.caseId && run.caseIds.has(e.caseId) ? e.caseId : null) : (listed ?? null);
  const blocks = (e?.blocks as Block[] | undefined) ?? paragraphs(s.text);
  const meta = e ? null : metaFromStandard(run, s, caseId);
  insertSource(
    w,
    {
      id: s.guid,
      caseId,
      title: s.name,
      kind: e?.kind ?? meta?.kind ?? 'document',
      documentType: e?.documentType ?? meta?.documentType ?? 'other',
      date: e?.date ?? meta?.date ?? null,
      respondentId: e
        ? e.respondentId && run.respondentIds.has(e.respondentId)
          ? e.respondentId
          : null
        : (meta?.respondentId ?? null),
      validation: e?.validation ?? meta?.validation ?? null,
      originalName: e?.originalName ?? s.original?.name ?? `${s.name}.txt`,
      sha256: sha256(originalBytes),
      textSha256: sha256(s.text),
      originalBytes,
      ...(e ? { sort: e.sort } : {}),
      createdAt: s.createdAt ?? at,
      createdBy: coderIn(run, s.creatingUser),
    },
    { text: s.text, blocks, marks: e?.marks ?? [] },
  );
  importTranscript(
    w,
    s,
    e?.turns,
    blocks,
    (ref) => run.coderIds.has(ref) || run.respondentIds.has(ref),
    at,
  );
  if (e?.previousVersionId) run.previousVersions.push([s.guid, e.previousVersionId]);
  run.sourceIds.add(s.guid);
  counts.sources++;
  importSelections(run, s);
}

/** The column refers to sources, so the links wait until all of them are in. */
function linkPreviousVersions(run: ImportRun): void {
  for (const [id, prev] of run.previousVersions) {
    const row = sourceRow(run.w, id);
    if (row && run.sourceIds.has(prev)) updateSource(run.w, row, { previous_version_id: prev });
  }
}

/**
 * A source's metadata from the Variables Casus writes (files without casus.json). A document type
 * or role the vocabulary lacks is added under its own key; a respondent is found or made by
 * pseudonym, in the source's case.
 */
function metaFromStandard(run: ImportRun, s: RefiTextSource, caseId: string | null) {
  const meta = readSourceMeta(s.variableValues, (g) => run.metaKeyOf.get(g) ?? null);
  const { w } = run;
  const ensureVocabulary = (kind: 'role' | 'document-type', key: string) => {
    const items = vocabulary(w).filter((v) => v.kind === kind);
    if (!items.some((v) => v.key === key))
      insertVocabulary(w, { kind, key, label_nl: key, label_en: key, sort: items.length });
  };
  if (meta.documentType) ensureVocabulary('document-type', meta.documentType);
  let respondentId: string | null = null;
  if (meta.respondent) {
    const existing = listRespondents(w).find((r) => r.pseudonym === meta.respondent);
    if (existing) respondentId = existing.id;
    else {
      const role = meta.role ?? 'respondent';
      ensureVocabulary('role', role);
      respondentId = newId();
      insertRespondent(w, {
        id: respondentId,
        pseudonym: meta.respondent,
        role,
        organisation: '',
        case_id: caseId,
        real_name: null,
        created_at: run.at,
      });
      run.respondentIds.add(respondentId);
    }
  }
  return { ...meta, respondentId };
}

/** One source's selections as segments, and their codings. */
function importSelections(run: ImportRun, s: RefiTextSource): void {
  const { w, ext, at, counts, skip } = run;
  // Split selections (below) join a segment of their own source: what is kept per segment is
  // kept for one source at a time.
  run.codesOfSegment.clear();
  for (const sel of s.selections) {
    const splitFrom = ext?.splitSelections?.[sel.guid];
    if (splitFrom !== undefined) {
      // A further code of a passage written as its own selection: it joins the passage's segment.
      const segment = segmentRow(w, splitFrom);
      if (segment && segment.source_id === s.guid) {
        addCodings(run, s, sel, splitFrom, segment.seq);
        continue;
      }
    }
    const problem = rangeProblem(s.text, sel.start, sel.end);
    if (problem) {
      skip.push({
        kind: 'selection',
        guid: sel.guid,
        ...(sel.name ? { name: sel.name } : {}),
        reason: `in "${s.name}": ${problem} (its ${sel.codings.length} coding(s) are skipped too)`,
      });
      continue;
    }
    // Some tools (qc) name the coder on the coding only; the segment then takes the first one's.
    const segCoder =
      coderIn(run, sel.creatingUser) ?? (ext ? null : coderIn(run, sel.codings[0]?.creatingUser));
    const segment = insertSegment(w, {
      id: sel.guid,
      source_id: s.guid,
      start: sel.start,
      end: sel.end,
      text: s.text.slice(sel.start, sel.end),
      created_by: segCoder,
      created_at: sel.createdAt ?? at,
    });
    counts.segments++;
    addCodings(run, s, sel, sel.guid, segment.seq);
  }
}

/** A selection's codings on a segment; the same code twice on one segment is kept once. */
function addCodings(
  run: ImportRun,
  s: RefiTextSource,
  sel: RefiTextSource['selections'][number],
  segmentId: Guid,
  segmentSeq: number,
): void {
  const { w, at, counts, skip } = run;
  let seen = run.codesOfSegment.get(segmentId);
  if (!seen) {
    seen = new Set();
    run.codesOfSegment.set(segmentId, seen);
  }
  for (const k of sel.codings) {
    if (!run.codeIds.has(k.codeGuid)) continue; // the reader has reported these already
    if (seen.has(k.codeGuid)) {
      skip.push({
        kind: 'coding',
        guid: k.guid,
        reason: `in "${s.name}": the same code twice on one selection; kept once`,
      });
      continue;
    }
    seen.add(k.codeGuid);
    insertCoding(w, {
      id: k.guid,
      segment_id: segmentId,
      segment_seq: segmentSeq,
      code_id: k.codeGuid,
      coder_id: coderIn(run, k.creatingUser),
      created_at: k.createdAt ?? sel.createdAt ?? at,
    });
    run.segmentOfCoding.set(k.guid, segmentId);
    counts.codings++;
  }
}

/** Notes become memos: one per note and target (a target Casus has no place for: the project). */
function importNotes(run: ImportRun): void {
  const { w, ext, at, report } = run;
  const exists = (type: string, id: string) =>
    (type === 'case' && run.caseIds.has(id)) ||
    (type === 'source' && run.sourceIds.has(id)) ||
    (type === 'code' && run.codeIds.has(id)) ||
    (type === 'segment' && segmentRow(w, id) !== undefined);
  for (const n of run.project.notes) {
    const synthesis = readSynthesisNote(n);
    if (synthesis) {
      // A synthesis Casus wrote: casus.json has it in full; without it, the note is read back.
      if (!ext) run.synthesisNotes.push({ note: n, synthesis });
      continue;
    }
    const e = ext?.memos[n.guid];
    // A note's description (ATLAS.ti writes one) is kept as the memo's last paragraph.
    const description = n.description?.trim() ?? '';
    const text =
      n.text.trim() === ''
        ? description
        : description === '' || n.text.includes(description)
          ? n.text
          : `${n.text.trimEnd()}\n\n${description}`;
    const targets: { type: MemoRow['target_type']; id: string }[] = [];
    if (e) {
      // Casus wrote this memo: its target is restored exactly as it was (the project's memo
      // under the key memos.get looks up, also from files that stored it under another).
      targets.push({
        type: e.targetType,
        id: e.targetType === 'project' ? PROJECT_MEMO_TARGET : e.targetId,
      });
    } else {
      for (const t of n.targets) {
        const mapped =
          t.kind === 'project'
            ? { type: 'project' as const, id: PROJECT_MEMO_TARGET }
            : t.kind === 'selection'
              ? { type: 'segment' as const, id: t.guid }
              : t.kind === 'coding'
                ? { type: 'segment' as const, id: run.segmentOfCoding.get(t.guid) ?? '' }
                : t.kind === 'case' || t.kind === 'source' || t.kind === 'code'
                  ? { type: t.kind, id: t.guid }
                  : null;
        if (mapped && (mapped.type === 'project' || exists(mapped.type, mapped.id)))
          targets.push(mapped);
        else
          report.warnings.push(
            `note "${n.name}": its link to a ${t.kind} has no place in Casus; kept as a project memo`,
          );
      }
      if (targets.length === 0) targets.push({ type: 'project', id: PROJECT_MEMO_TARGET });
    }
    targets.forEach((t, i) => {
      insertMemo(w, {
        id: i === 0 ? n.guid : newId(),
        target_type: t.type,
        target_id: t.id,
        title: e?.title ?? n.name,
        body: e?.body ?? '',
        body_text: text,
        author_id: coderIn(run, n.creatingUser),
        created_at: n.createdAt ?? at,
        updated_at: e?.updatedAt ?? n.modifiedAt ?? n.createdAt ?? at,
      });
      run.counts.notes++;
    });
    if (targets.length > 1)
      report.warnings.push(
        `note "${n.name}" has ${targets.length} targets; Casus made one memo for each`,
      );
  }
}

/*
 * Saved matrices and syntheses, as Casus wrote them. Their keys and references name codes,
 * cases, coders and segments by id, which this import keeps; a reference to a segment that did
 * not arrive shows in the cell as a deleted passage, as it would in the original project.
 */

/** Saved matrix definitions; the file is untrusted, so one the matrix view cannot read is left out. */
function importMatrixDefinitions(run: ImportRun): void {
  const { w } = run;
  for (const d of run.ext?.matrixDefinitions ?? []) {
    if (!MatrixSpec.safeParse(jsonOrNull(d.spec)).success) {
      run.report.warnings.push(
        `saved matrix "${d.nameNl}": not a valid matrix definition; not imported`,
      );
      continue;
    }
    const row = {
      id: d.id,
      name_nl: d.nameNl,
      name_en: d.nameEn,
      spec: d.spec,
      builtin: d.builtin ? 1 : 0,
      sort: d.sort,
      created_at: d.createdAt,
    };
    const before = matrixDefinition(w, d.id);
    if (before) updateMatrixDefinition(w, before, row);
    else insertMatrixDefinition(w, row);
  }
}

/** Synthesis cells by their coordinate (older files: by row and column key). */
function importSyntheses(run: ImportRun): void {
  const { w, report } = run;
  const seenCells = new Set<string>();
  for (const c of run.ext?.synthesisCells ?? []) {
    const coordinate = c.coordinate ?? legacyCoordinate(w, c.rowKey, c.colKey);
    const where = c.coordinate ? coordinateKey(c.coordinate) : `${c.rowKey} × ${c.colKey}`;
    const key = coordinate ? coordinateKey(coordinate) : null;
    if (!key || Object.keys(coordinate ?? {}).length === 0) {
      report.warnings.push(
        `synthesis ${where}: its cell names something that is not a dimension of the study; skipped`,
      );
      continue;
    }
    if (seenCells.has(key) || !StoredRefs.safeParse(jsonOrNull(c.refs)).success) {
      report.warnings.push(`synthesis ${where}: repeated or malformed; skipped`);
      continue;
    }
    seenCells.add(key);
    insertSynthesisCell(w, {
      id: c.id,
      coordinate: key,
      body: c.body,
      body_text: c.bodyText,
      status: c.status,
      status_by: coderIn(run, c.statusBy ?? undefined),
      status_at: c.statusAt,
      refs: c.refs,
      updated_by: coderIn(run, c.updatedBy ?? undefined),
      updated_at: c.updatedAt,
      created_at: c.createdAt,
    });
  }
}

/**
 * Syntheses read back from the notes Casus wrote for them (files without casus.json). A cell
 * whose codes, case or vocabulary did not arrive is left out; a cited passage that did not arrive
 * is dropped from the references. Both are reported.
 */
function importSynthesisNotes(run: ImportRun): void {
  const { w, report, at } = run;
  const seenCells = new Set(synthesisCells(w).map((c) => c.coordinate));
  const vocab = new Set(vocabulary(w).map((v) => `${v.kind}:${v.key}`));
  const known = (d: CubeDimension, v: string) =>
    d === 'case'
      ? run.caseIds.has(v)
      : d === 'sourceType'
        ? vocab.has(`document-type:${v}`)
        : d === 'role'
          ? vocab.has(`role:${v}`)
          : run.codeIds.has(v);
  for (const { note, synthesis } of run.synthesisNotes) {
    const c = synthesis.coordinate;
    const missing = CUBE_DIMENSIONS.filter((d) => c[d] !== undefined && !known(d, c[d]!));
    const key = coordinateKey(c);
    if (missing.length > 0 || Object.keys(c).length === 0 || seenCells.has(key)) {
      report.warnings.push(
        `synthesis note "${note.name}": ${
          missing.length > 0
            ? `its cell names a ${missing.join(', ')} that was not imported`
            : 'its cell is empty or repeated'
        }; skipped`,
      );
      continue;
    }
    seenCells.add(key);
    const places = synthesis.refs.map((g) => segmentRow(w, g));
    const refs = places.flatMap((place) =>
      place
        ? [
            {
              segmentId: place.id,
              sourceId: place.source_id,
              start: place.start,
              end: place.end,
              quote: place.text,
            },
          ]
        : [],
    );
    if (refs.length < synthesis.refs.length)
      report.warnings.push(
        `synthesis note "${note.name}": ${synthesis.refs.length - refs.length} cited passage(s) were not in the file; their references are dropped`,
      );
    const by = coderIn(run, note.creatingUser);
    const updatedAt = note.modifiedAt ?? note.createdAt ?? at;
    insertSynthesisCell(w, {
      id: note.guid,
      coordinate: key,
      // The editor opens Lexical JSON; the note brought plain text, one paragraph per line, with
      // its markers "[n]" turned back into citation markers of the passages still there.
      body:
        synthesis.bodyText === ''
          ? ''
          : synthesisBodyFromNote(
              synthesis.bodyText,
              places.map((place) => place?.id ?? null),
            ),
      body_text: synthesis.bodyText,
      status: synthesis.status,
      status_by: synthesis.status === 'empty' ? null : by,
      status_at: synthesis.status === 'empty' ? null : updatedAt,
      refs: JSON.stringify(refs),
      updated_by: by,
      updated_at: updatedAt,
      created_at: note.createdAt ?? at,
    });
  }
}

/** Sets (groups) are not kept: each is reported, except those Casus made from code dimensions. */
function reportSets(run: ImportRun): void {
  const generatedSets = new Set(run.ext?.generatedSets ?? []);
  for (const s of run.project.sets) {
    if (generatedSets.has(s.guid) || run.standardSets.has(s.guid)) continue;
    const members = s.codeGuids.length + s.sourceGuids.length + s.noteGuids.length;
    run.skip.push({
      kind: 'set',
      guid: s.guid,
      name: s.name,
      reason: `sets (groups) are not kept by Casus; its ${members} member(s) are imported as usual`,
    });
  }
}

/**
 * The coordinate of a cell that an earlier Casus wrote by row and column key: each ':'-part names
 * a code (its dimension), a case, or a role or document type of the imported project.
 */
function legacyCoordinate(
  r: Reader,
  rowKey: string | undefined,
  colKey: string | undefined,
): Coordinate | null {
  if (!rowKey || !colKey) return null;
  const vocab = vocabulary(r);
  const c: Coordinate = {};
  for (const part of [...rowKey.split(':'), ...colKey.split(':')]) {
    const code = codeRowOf(r, part);
    const dim: CubeDimension | null = code
      ? code.dimension
      : caseById(r, part)
        ? 'case'
        : vocab.some((v) => v.key === part && v.kind === 'role')
          ? 'role'
          : vocab.some((v) => v.key === part)
            ? 'sourceType'
            : null;
    if (!dim || c[dim] !== undefined) return null;
    c[dim] = part;
  }
  return c;
}

export { paragraphs as plainTextBlocks };
