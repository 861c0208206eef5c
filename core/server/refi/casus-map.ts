import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MatrixSpec } from '../../shared/contract/matrix.js';
import {
  coordinateKey,
  type Coordinate,
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
import { allCodings, insertCoding } from '../../../db/repo/codings.js';
import {
  codeRows as allCodeRows,
  codeRow as codeRowOf,
  insertCode,
} from '../../../db/repo/codes.js';
import {
  insertMatrixDefinition,
  matrixDefinition,
  matrixDefinitionsBySort,
  updateMatrixDefinition,
} from '../../../db/repo/matrices.js';
import { allMemos, insertMemo } from '../../../db/repo/memos.js';
import { projectRow, updateProject } from '../../../db/repo/project.js';
import { insertRespondent, listRespondents } from '../../../db/repo/respondents.js';
import { allSegments, insertSegment } from '../../../db/repo/segments.js';
import {
  getSourceBlocks,
  getSourceText,
  insertSource,
  originalBytes as originalOf,
  sourceMarks,
  sourceRow,
  sourceRows,
  updateSource,
} from '../../../db/repo/sources.js';
import { insertSynthesisCell, synthesisCells } from '../../../db/repo/syntheses.js';
import { deleteVocabulary, insertVocabulary, vocabulary } from '../../../db/repo/vocabulary.js';
import type { AttributeRow, MemoRow, SourceRow } from '../../../db/tables.js';
import type { Block } from '../../shared/blocks.js';
import { rangeProblem } from '../../shared/text/offsets.js';
import { newId, now, slugify } from '../domain/ids.js';
import { CASUS_ORIGIN } from './constants.js';
import { CasusExtensionSchema, type CasusExtension } from './extension.js';
import { isGuid } from './guid.js';
import {
  emptyProject,
  walkCodes,
  type Guid,
  type RefiCode,
  type RefiNoteTarget,
  type RefiProject,
  type RefiTextSource,
  type RefiVariable,
  type RefiVariableType,
} from './model.js';
import type { RefiImportReport } from './report.js';

const PALETTE = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * REFI needs GUIDs; Casus ids are UUIDs already. Anything else (never expected) gets a stable
 * UUID derived from it, so repeated exports agree.
 */
function guidFor(id: string): Guid {
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

/** Source metadata offered to other programs as source variables (NVivo/ATLAS attributes). */
const SOURCE_META: {
  name: string;
  type: RefiVariableType;
  get: (s: SourceRow, resp: Map<string, { pseudonym: string; role: string }>) => string | null;
}[] = [
  { name: 'Soort bron (source kind)', type: 'Text', get: (s) => s.kind },
  { name: 'Documenttype (document type)', type: 'Text', get: (s) => s.document_type },
  { name: 'Datum (date)', type: 'Date', get: (s) => s.date },
  {
    name: 'Respondent',
    type: 'Text',
    get: (s, r) => (s.respondent_id ? (r.get(s.respondent_id)?.pseudonym ?? null) : null),
  },
  {
    name: 'Rol (role)',
    type: 'Text',
    get: (s, r) => (s.respondent_id ? (r.get(s.respondent_id)?.role ?? null) : null),
  },
  { name: 'Validatie (validation)', type: 'Text', get: (s) => s.validation },
];

/** Reads a whole Casus project into the REFI model plus the Casus-only extension. */
export function casusToRefi(db: Reader): { project: RefiProject; extension: CasusExtension } {
  const p = projectRow(db);
  const project = emptyProject(p.name);
  project.origin = CASUS_ORIGIN;
  project.description = opt(p.description);
  project.createdAt = p.created_at;
  project.modifiedAt = now();

  const coders = listCoders(db);
  project.users = coders.map((c) => ({ guid: guidFor(c.id), name: c.name, id: c.initials }));

  const codeRows = allCodeRows(db);
  const byParent = new Map<string | null, typeof codeRows>();
  for (const r of codeRows) byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), r]);
  const tree = (parent: string | null): RefiCode[] =>
    (byParent.get(parent) ?? []).map((r) => ({
      guid: guidFor(r.id),
      name: r.label_nl || r.label_en,
      color: r.color,
      description: opt(r.description_nl) ?? opt(r.description_en),
      isCodable: true,
      children: tree(r.id),
    }));
  project.codes = tree(null);
  // Code dimensions travel as code groups (Sets), which ATLAS.ti and MAXQDA show as such.
  const DIMENSION_NAMES: Record<(typeof codeRows)[number]['dimension'], string> = {
    principle: 'Dimensie: principe (principle)',
    category: 'Dimensie: categorie (category)',
    phase: 'Dimensie: fase (phase)',
    facet: 'Dimensie: facet (facet)',
    free: 'Dimensie: vrij (free)',
  };
  for (const dim of ['principle', 'category', 'phase', 'facet'] as const) {
    const members = codeRows.filter((r) => r.dimension === dim).map((r) => guidFor(r.id));
    if (members.length === 0) continue;
    project.sets.push({
      guid: newId(),
      name: DIMENSION_NAMES[dim],
      codeGuids: members,
      sourceGuids: [],
      noteGuids: [],
    });
  }

  const attributes = attributeRows(db);
  project.variables = attributes
    .filter((a) => a.scope === 'case')
    .map((a) => ({ guid: guidFor(a.id), name: a.label_nl || a.key, type: VARIABLE_TYPE[a.type] }));
  const generated: RefiVariable[] = SOURCE_META.map((m) => ({
    guid: newId(),
    name: m.name,
    type: m.type,
  }));
  project.variables.push(...generated);

  const respondents = listRespondents(db);
  const respById = new Map(respondents.map((r) => [r.id, r] as const));

  const sources = sourceRows(db);
  const cases = caseRows(db);
  const values = caseAttributeValues(db);
  project.cases = cases.map((c) => ({
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

  const segments = allSegments(db);
  const codings = allCodings(db);
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
  const ext: CasusExtension = {
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
      coders.map((c) => [
        guidFor(c.id),
        { initials: c.initials, color: c.color, createdAt: c.created_at },
      ]),
    ),
    codes: Object.fromEntries(
      codeRows.map((r) => [
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
    attributes: attributes.map((a) => ({
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
      cases.map((c) => [
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
    respondents: respondents.map((r) => ({
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
    generatedVariables: generated.map((v) => v.guid),
    generatedSets: project.sets.map((x) => x.guid),
  };

  for (const s of sources) {
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
    };
    const original = originalOf(db, s.id);
    const src: RefiTextSource = {
      guid,
      name: s.title,
      text: getSourceText(db, s.id) ?? '',
      origin: { kind: 'text' },
      creatingUser: s.created_by ? guidFor(s.created_by) : undefined,
      createdAt: s.created_at,
      variableValues: SOURCE_META.flatMap((m, i) => {
        const v = m.get(s, respById);
        return v === null || v === '' ? [] : [{ variableGuid: generated[i]!.guid, value: v }];
      }),
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
    };
    project.textSources.push(src);
  }

  const memos = allMemos(db);
  for (const m of memos) {
    const guid = guidFor(m.id);
    const target: RefiNoteTarget | null =
      m.target_type === 'project'
        ? { guid: '', kind: 'project' }
        : m.target_type === 'segment'
          ? { guid: guidFor(m.target_id), kind: 'selection' }
          : m.target_type === 'cell'
            ? null
            : { guid: guidFor(m.target_id), kind: m.target_type };
    project.notes.push({
      guid,
      name: m.title,
      text: m.body_text,
      targets: target ? [target] : [],
      creatingUser: m.author_id ? guidFor(m.author_id) : undefined,
      createdAt: m.created_at,
      modifiedAt: m.updated_at,
    });
    ext.memos[guid] = {
      targetType: m.target_type,
      targetId: m.target_id,
      title: m.title,
      body: m.body,
      updatedAt: m.updated_at,
    };
  }
  return { project, extension: ext };
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

/**
 * Writes an imported REFI project into a project database made from the blank template. Call
 * inside a transaction. Updates the report: what was actually written, and what was not.
 */
export function refiToCasus(
  w: Writer,
  project: RefiProject,
  report: RefiImportReport,
  rawExtension: unknown,
): void {
  let ext: CasusExtension | null = null;
  if (rawExtension !== undefined) {
    const parsed = CasusExtensionSchema.safeParse(rawExtension);
    if (parsed.success) ext = parsed.data;
    else
      report.warnings.push(
        'casus.json does not match what Casus writes; Casus-only details ignored',
      );
  }
  const at = now();
  const skip = report.skipped;
  const counts = {
    users: 0,
    codes: 0,
    sources: 0,
    segments: 0,
    codings: 0,
    notes: 0,
    cases: 0,
    variables: 0,
    sets: 0,
  };

  const projectUuid = ext?.project.uuid ?? projectRow(w).uuid;
  updateProject(w, {
    uuid: projectUuid,
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

  // Coders
  const coderIds = new Set<string>();
  const coderNames = new Set<string>();
  project.users.forEach((u, i) => {
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
    coderIds.add(u.guid);
    counts.users++;
  });
  const coder = (g: Guid | undefined) => (g && coderIds.has(g) ? g : null);

  // Codes, parents before children
  const codeIds = new Set<string>();
  const codeKeys = new Set<string>();
  const siblingIndex = new Map<string | null, number>();
  for (const { code, parent } of walkCodes(project.codes)) {
    const e = ext?.codes[code.guid];
    const parentId = parent ? parent.guid : null;
    const idx = siblingIndex.get(parentId) ?? 0;
    siblingIndex.set(parentId, idx + 1);
    let key = e?.key ?? null;
    if (key !== null && codeKeys.has(key)) key = null;
    if (key !== null) codeKeys.add(key);
    const color =
      code.color && /^#[0-9a-fA-F]{6}$/.test(code.color)
        ? code.color
        : PALETTE[counts.codes % PALETTE.length]!;
    insertCode(w, {
      id: code.guid,
      parent_id: parentId,
      key,
      dimension: e?.dimension ?? 'free',
      label_nl: e?.labelNl ?? code.name,
      label_en: e?.labelEn ?? code.name,
      description_nl: e?.descriptionNl ?? code.description ?? '',
      description_en: e?.descriptionEn ?? code.description ?? '',
      color,
      sort: e?.sort ?? idx,
      created_at: e?.createdAt ?? at,
    });
    codeIds.add(code.guid);
    counts.codes++;
  }

  // Attributes: from the extension when Casus wrote the file, otherwise from case variables.
  const generated = new Set(ext?.generatedVariables ?? []);
  const attributeIds = new Set<string>();
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
    if (generated.has(v.guid) || attributeIds.has(v.guid)) return;
    if (!caseVariables.has(v.guid)) {
      skip.push({
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

  // Cases
  const caseIds = new Set<string>();
  const caseKeys = new Set<string>();
  const caseOfSource = new Map<string, string>();
  project.cases.forEach((c, i) => {
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
    caseIds.add(c.guid);
    counts.cases++;
    for (const vv of c.variableValues) {
      if (attributeIds.has(vv.variableGuid))
        insertCaseAttributeValue(w, {
          case_id: c.guid,
          attribute_id: vv.variableGuid,
          value: vv.value,
        });
    }
    for (const s of c.sourceGuids) {
      const prev = caseOfSource.get(s);
      if (prev) report.warnings.push(`source ${s} belongs to several cases; Casus keeps the first`);
      else caseOfSource.set(s, c.guid);
    }
  });

  // Respondents (Casus files only)
  const respondentIds = new Set<string>();
  if (ext) {
    for (const r of ext.respondents) {
      insertRespondent(w, {
        id: r.id,
        pseudonym: r.pseudonym,
        role: r.role,
        organisation: r.organisation,
        case_id: r.caseId && caseIds.has(r.caseId) ? r.caseId : null,
        real_name: null,
        created_at: r.createdAt,
      });
      respondentIds.add(r.id);
    }
  }

  // Sources, segments, codings
  const segmentIds = new Set<string>();
  const segmentOfCoding = new Map<string, string>();
  const sourceIds = new Set<string>();
  const previousVersions: [string, string][] = [];
  for (const s of project.textSources) {
    const e = ext?.sources[s.guid];
    const originalBytes = s.original?.bytes ?? new TextEncoder().encode(s.text);
    const caseId = e
      ? e.caseId && caseIds.has(e.caseId)
        ? e.caseId
        : null
      : (caseOfSource.get(s.guid) ?? null);
    const blocks = (e?.blocks as Block[] | undefined) ?? paragraphs(s.text);
    insertSource(
      w,
      {
        id: s.guid,
        caseId,
        title: s.name,
        kind: e?.kind ?? 'document',
        documentType: e?.documentType ?? 'other',
        date: e?.date ?? null,
        respondentId: e?.respondentId && respondentIds.has(e.respondentId) ? e.respondentId : null,
        validation: e?.validation ?? null,
        originalName: e?.originalName ?? s.original?.name ?? `${s.name}.txt`,
        sha256: sha256(originalBytes),
        textSha256: sha256(s.text),
        originalBytes,
        ...(e ? { sort: e.sort } : {}),
        createdAt: s.createdAt ?? at,
        createdBy: coder(s.creatingUser),
      },
      { text: s.text, blocks, marks: e?.marks ?? [] },
    );
    if (e?.previousVersionId) previousVersions.push([s.guid, e.previousVersionId]);
    sourceIds.add(s.guid);
    counts.sources++;
    for (const sel of s.selections) {
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
        coder(sel.creatingUser) ?? (ext ? null : coder(sel.codings[0]?.creatingUser));
      insertSegment(w, {
        id: sel.guid,
        source_id: s.guid,
        start: sel.start,
        end: sel.end,
        text: s.text.slice(sel.start, sel.end),
        created_by: segCoder,
        created_at: sel.createdAt ?? at,
      });
      segmentIds.add(sel.guid);
      counts.segments++;
      const seen = new Set<string>();
      for (const k of sel.codings) {
        if (!codeIds.has(k.codeGuid)) continue; // the reader has reported these already
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
          segment_id: sel.guid,
          code_id: k.codeGuid,
          coder_id: coder(k.creatingUser),
          created_at: k.createdAt ?? sel.createdAt ?? at,
        });
        segmentOfCoding.set(k.guid, sel.guid);
        counts.codings++;
      }
    }
  }

  // Version links once every source exists (the column refers to sources).
  for (const [id, prev] of previousVersions) {
    const row = sourceRow(w, id);
    if (row && sourceIds.has(prev)) updateSource(w, row, { previous_version_id: prev });
  }

  // Memos: one per note and target
  const exists = (type: string, id: string) =>
    (type === 'case' && caseIds.has(id)) ||
    (type === 'source' && sourceIds.has(id)) ||
    (type === 'code' && codeIds.has(id)) ||
    (type === 'segment' && segmentIds.has(id));
  for (const n of project.notes) {
    const e = ext?.memos[n.guid];
    const text = n.text !== '' ? n.text : (n.description ?? '');
    const targets: { type: MemoRow['target_type']; id: string }[] = [];
    if (e) {
      // Casus wrote this memo: its target is restored exactly as it was.
      targets.push({ type: e.targetType, id: e.targetId });
    } else {
      for (const t of n.targets) {
        const mapped =
          t.kind === 'project'
            ? { type: 'project' as const, id: projectUuid }
            : t.kind === 'selection'
              ? { type: 'segment' as const, id: t.guid }
              : t.kind === 'coding'
                ? { type: 'segment' as const, id: segmentOfCoding.get(t.guid) ?? '' }
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
      if (targets.length === 0) targets.push({ type: 'project', id: projectUuid });
    }
    targets.forEach((t, i) => {
      insertMemo(w, {
        id: i === 0 ? n.guid : newId(),
        target_type: t.type,
        target_id: t.id,
        title: e?.title ?? n.name,
        body: e?.body ?? '',
        body_text: text,
        author_id: coder(n.creatingUser),
        created_at: n.createdAt ?? at,
        updated_at: e?.updatedAt ?? n.modifiedAt ?? n.createdAt ?? at,
      });
      counts.notes++;
    });
    if (targets.length > 1)
      report.warnings.push(
        `note "${n.name}" has ${targets.length} targets; Casus made one memo for each`,
      );
  }

  // Saved matrices and syntheses, as Casus wrote them. Their keys and references name codes,
  // cases, coders and segments by id, which this import keeps; a reference to a segment that did
  // not arrive shows in the cell as a deleted passage, as it would in the original project.
  for (const d of ext?.matrixDefinitions ?? []) {
    // The file is untrusted: a definition the matrix view could not read is left out.
    if (!MatrixSpec.safeParse(jsonOrNull(d.spec)).success) {
      report.warnings.push(
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
  const seenCells = new Set<string>();
  for (const c of ext?.synthesisCells ?? []) {
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
      status_by: coder(c.statusBy ?? undefined),
      status_at: c.statusAt,
      refs: c.refs,
      updated_by: coder(c.updatedBy ?? undefined),
      updated_at: c.updatedAt,
      created_at: c.createdAt,
    });
  }

  const generatedSets = new Set(ext?.generatedSets ?? []);
  for (const s of project.sets) {
    if (generatedSets.has(s.guid)) continue; // Casus made it from code dimensions, restored above
    const members = s.codeGuids.length + s.sourceGuids.length + s.noteGuids.length;
    skip.push({
      kind: 'set',
      guid: s.guid,
      name: s.name,
      reason: `sets (groups) are not kept by Casus; its ${members} member(s) are imported as usual`,
    });
  }
  report.counts = counts;
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
