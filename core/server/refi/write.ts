import { unzipSync } from 'fflate';
import { CASUS_ORIGIN, POSITION_STATEMENT } from './constants.js';
import { RefiError } from './errors.js';
import { CASUS_EXTENSION_FILE } from './extension.js';
import { derivedGuid } from './guid.js';
import {
  walkCodes,
  type Guid,
  type RefiCode,
  type RefiCodebook,
  type RefiNote,
  type RefiNoteTarget,
  type RefiProject,
  type RefiTextSource,
  type RefiVariable,
  type RefiVariableValue,
} from './model.js';
import {
  CODEBOOK_NS,
  PROJECT_NS,
  schemaVerdict,
  startSchemaValidation,
  streamSchemaValidation,
  type SchemaResult,
} from './schema.js';
import { internalMediaName, writeTranscriptSource } from './write-transcript.js';
import { XmlWriter } from './xml.js';
import { ZipWriter } from './zip-writer.js';

const XSD_DATETIME = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;
const XSD_DATE = /^-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?$/;

/** Only lexically valid xsd:dateTime values are written; anything else is left out. */
function dt(v: string | undefined): string | undefined {
  return v !== undefined && XSD_DATETIME.test(v) ? v : undefined;
}

/** The file name of a text source inside the archive. */
export function sourceFileName(guid: Guid): string {
  return `${guid}.txt`;
}

/** Only .docx originals have a place in a TextSource (richTextPath); other formats stay home. */
function originalFileName(s: RefiTextSource): string | undefined {
  return s.original && /\.docx$/i.test(s.original.name) ? `${s.guid}.docx` : undefined;
}

/** Note targets that the schema lets us write as NoteRef children; the rest become Links. */
const NOTEREF_KINDS = new Set(['project', 'code', 'source', 'selection', 'coding']);

function noteRefIndex(notes: readonly RefiNote[]): Map<Guid, Guid[]> {
  const byTarget = new Map<Guid, Guid[]>();
  for (const n of notes) {
    for (const t of n.targets) {
      if (!NOTEREF_KINDS.has(t.kind)) continue;
      const key = t.kind === 'project' ? '' : t.guid;
      const list = byTarget.get(key) ?? [];
      list.push(n.guid);
      byTarget.set(key, list);
    }
  }
  return byTarget;
}

function valueElement(type: RefiVariable['type'] | undefined, value: string): [string, string] {
  // Typed elements only for values that are exactly in their lexical form; the rest as text.
  const v = value;
  switch (type) {
    case 'Boolean':
      if (/^(true|false|1|0)$/.test(v)) return ['BooleanValue', v];
      break;
    case 'Integer':
      if (/^[+-]?\d+$/.test(v)) return ['IntegerValue', v];
      break;
    case 'Float':
      if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return ['FloatValue', v];
      break;
    case 'Date':
      if (XSD_DATE.test(v)) return ['DateValue', v];
      break;
    case 'DateTime':
      if (XSD_DATETIME.test(v)) return ['DateTimeValue', v];
      break;
    default:
      break;
  }
  // A value that does not fit its declared type is still kept, as text.
  return ['TextValue', value];
}

function writeVariableValues(
  w: XmlWriter,
  values: readonly RefiVariableValue[],
  types: Map<Guid, RefiVariable['type']>,
): void {
  for (const vv of values) {
    if (!types.has(vv.variableGuid)) continue;
    const [el, v] = valueElement(types.get(vv.variableGuid), vv.value);
    w.start('VariableValue').empty('VariableRef', { targetGUID: vv.variableGuid }).text(el, v);
    w.end('VariableValue');
  }
}

function writeNoteRefs(w: XmlWriter, refs: Map<Guid, Guid[]>, target: Guid): void {
  for (const n of refs.get(target) ?? []) w.empty('NoteRef', { targetGUID: n });
}

function writeCode(w: XmlWriter, c: RefiCode, refs: Map<Guid, Guid[]> | null): void {
  const attrs = { guid: c.guid, name: c.name, isCodable: c.isCodable, color: c.color };
  const noteRefs = refs?.get(c.guid) ?? [];
  if (c.description === undefined && noteRefs.length === 0 && c.children.length === 0) {
    w.empty('Code', attrs);
    return;
  }
  w.start('Code', attrs).text('Description', c.description);
  for (const n of noteRefs) w.empty('NoteRef', { targetGUID: n });
  for (const k of c.children) writeCode(w, k, refs);
  w.end('Code');
}

function writeTextSource(
  w: XmlWriter,
  s: RefiTextSource,
  refs: Map<Guid, Guid[]>,
  types: Map<Guid, RefiVariable['type']>,
): void {
  w.start('TextSource', {
    guid: s.guid,
    name: s.name,
    richTextPath: originalFileName(s) ? `internal://${originalFileName(s)}` : undefined,
    plainTextPath: `internal://${sourceFileName(s.guid)}`,
    creatingUser: s.creatingUser,
    creationDateTime: dt(s.createdAt),
    modifiedDateTime: dt(s.modifiedAt),
  });
  w.text('Description', s.description);
  for (const sel of s.selections) {
    w.start('PlainTextSelection', {
      guid: sel.guid,
      name: sel.name ?? s.text.slice(sel.start, Math.min(sel.end, sel.start + 60)),
      startPosition: sel.start,
      endPosition: sel.end,
      creatingUser: sel.creatingUser,
      creationDateTime: dt(sel.createdAt),
      modifiedDateTime: dt(sel.modifiedAt),
    });
    w.text('Description', sel.description);
    for (const c of sel.codings) {
      w.start('Coding', {
        guid: c.guid,
        creatingUser: c.creatingUser,
        creationDateTime: dt(c.createdAt),
      });
      w.empty('CodeRef', { targetGUID: c.codeGuid });
      writeNoteRefs(w, refs, c.guid);
      w.end('Coding');
    }
    writeNoteRefs(w, refs, sel.guid);
    w.end('PlainTextSelection');
  }
  writeNoteRefs(w, refs, s.guid);
  writeVariableValues(w, s.variableValues, types);
  w.end('TextSource');
}

/** project.qde for a model; positions are written as they are (Casus offsets, see constants). */
export function projectXml(p: RefiProject): string {
  const w = new XmlWriter();
  writeProject(w, p);
  return w.toString();
}

function writeProject(w: XmlWriter, p: RefiProject): void {
  const refs = noteRefIndex(p.notes);
  const types = new Map(p.variables.map((v) => [v.guid, v.type] as const));
  w.start('Project', {
    xmlns: PROJECT_NS,
    name: p.name,
    origin: p.origin ?? CASUS_ORIGIN,
    creatingUserGUID: p.creatingUser,
    creationDateTime: dt(p.createdAt),
    modifiedDateTime: dt(p.modifiedAt),
  });
  if (p.users.length > 0) {
    w.start('Users');
    for (const u of p.users) w.empty('User', { guid: u.guid, name: u.name, id: u.id });
    w.end('Users');
  }
  if (p.codes.length > 0) {
    w.start('CodeBook').start('Codes');
    for (const c of p.codes) writeCode(w, c, refs);
    w.end('Codes').end('CodeBook');
  }
  if (p.variables.length > 0) {
    w.start('Variables');
    for (const v of p.variables) {
      const attrs = { guid: v.guid, name: v.name, typeOfVariable: v.type };
      if (v.description === undefined) w.empty('Variable', attrs);
      else w.start('Variable', attrs).text('Description', v.description).end('Variable');
    }
    w.end('Variables');
  }
  if (p.cases.length > 0) {
    w.start('Cases');
    for (const c of p.cases) {
      w.start('Case', { guid: c.guid, name: c.name }).text('Description', c.description);
      for (const g of c.codeGuids) w.empty('CodeRef', { targetGUID: g });
      writeVariableValues(w, c.variableValues, types);
      for (const g of c.sourceGuids) w.empty('SourceRef', { targetGUID: g });
      for (const g of c.selectionGuids) w.empty('SelectionRef', { targetGUID: g });
      w.end('Case');
    }
    w.end('Cases');
  }
  if (p.textSources.length > 0) {
    w.start('Sources');
    for (const s of p.textSources)
      if (s.recording)
        writeTranscriptSource(w, s, refs, {
          noteRefs: (target) => writeNoteRefs(w, refs, target),
          variableValues: () => writeVariableValues(w, s.variableValues, types),
          dt,
          plainTextPath: `internal://${sourceFileName(s.guid)}`,
        });
      else writeTextSource(w, s, refs, types);
    w.end('Sources');
  }
  if (p.notes.length > 0) {
    w.start('Notes');
    for (const n of p.notes) {
      w.start('Note', {
        guid: n.guid,
        name: n.name,
        creatingUser: n.creatingUser,
        creationDateTime: dt(n.createdAt),
        modifiedDateTime: dt(n.modifiedAt),
      });
      w.text('Description', n.description).text('PlainTextContent', n.text);
      w.end('Note');
    }
    w.end('Notes');
  }
  const links: { note: Guid; target: RefiNoteTarget }[] = [];
  for (const n of p.notes) {
    for (const t of n.targets)
      if (!NOTEREF_KINDS.has(t.kind)) links.push({ note: n.guid, target: t });
  }
  if (links.length > 0) {
    w.start('Links');
    for (const l of links) {
      w.empty('Link', {
        // Derived from its ends, so the link keeps its GUID on every export.
        guid: derivedGuid(l.note, 'link', l.target.guid),
        name: `note on ${l.target.kind}`,
        direction: 'OneWay',
        originGUID: l.note,
        targetGUID: l.target.guid,
      });
    }
    w.end('Links');
  }
  if (p.sets.length > 0) {
    w.start('Sets');
    for (const s of p.sets) {
      w.start('Set', { guid: s.guid, name: s.name }).text('Description', s.description);
      for (const g of s.codeGuids) w.empty('MemberCode', { targetGUID: g });
      for (const g of s.sourceGuids) w.empty('MemberSource', { targetGUID: g });
      for (const g of s.noteGuids) w.empty('MemberNote', { targetGUID: g });
      w.end('Set');
    }
    w.end('Sets');
  }
  const description = p.description
    ? `${p.description}\n\n${POSITION_STATEMENT}`
    : POSITION_STATEMENT;
  w.text('Description', description);
  writeNoteRefs(w, refs, '');
  w.end('Project');
}

/** `.qdc`: the code tree (and code sets) alone. */
export function codebookXml(cb: RefiCodebook): string {
  const w = new XmlWriter();
  w.start('CodeBook', { xmlns: CODEBOOK_NS, origin: cb.origin ?? CASUS_ORIGIN });
  w.start('Codes');
  for (const c of cb.codes) writeCode(w, c, null);
  w.end('Codes');
  const known = new Set([...walkCodes(cb.codes)].map((x) => x.code.guid));
  const sets = cb.sets.filter((s) => s.codeGuids.some((g) => known.has(g)));
  if (sets.length > 0) {
    w.start('Sets');
    for (const s of sets) {
      w.start('Set', { guid: s.guid, name: s.name }).text('Description', s.description);
      for (const g of s.codeGuids) if (known.has(g)) w.empty('MemberCode', { guid: g });
      w.end('Set');
    }
    w.end('Sets');
  }
  w.end('CodeBook');
  return w.toString();
}

/**
 * Builds a `.qdpx` (project.qde plus sources/<guid>.txt) and checks it against the schema before
 * handing it out, so an invalid file is never written. The work is spread over the machine's
 * cores: project.qde goes to the validator's thread piece by piece while this thread writes it,
 * and every entry is compressed in zlib's thread pool.
 */
export async function packQdpx(
  p: RefiProject,
  file = 'export.qdpx',
  extension?: object,
): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const zip = new ZipWriter();
  // project.qde comes first in the archive, but is compressed last, when it is complete; the
  // sources are compressed meanwhile, while it is being written and validated.
  const qde = zip.stream('project.qde');
  for (const s of p.textSources) {
    zip.add(`sources/${sourceFileName(s.guid)}`, enc.encode(s.text));
    const original = originalFileName(s);
    // A .docx (and any recording) is a compressed file already: stored as it is.
    if (original && s.original) zip.add(`sources/${original}`, s.original.bytes, 'store');
    const media = internalMediaName(s);
    if (media && s.recording?.bytes) zip.add(`sources/${media}`, s.recording.bytes, 'store');
  }
  if (extension) zip.add(CASUS_EXTENSION_FILE, enc.encode(JSON.stringify(extension)));
  const validation = streamSchemaValidation('project');
  const chunks: Uint8Array[] = [];
  try {
    const w = new XmlWriter((chunk) => {
      validation.write(chunk);
      chunks.push(chunk);
    });
    writeProject(w, p);
    w.finish();
  } catch (e) {
    // The validator is told the document ended, so its thread is free again.
    void validation.end();
    throw e;
  }
  const verdict = validation.end();
  for (const c of chunks) qde.write(c);
  qde.end();
  const bytes = await zip.finish();
  writtenVerdict(await verdict, 'project', file);
  return bytes;
}

/** As packQdpx, with the project.qde it holds as text. */
export async function buildQdpx(
  p: RefiProject,
  file = 'export.qdpx',
  extension?: object,
): Promise<{ bytes: Uint8Array; xml: string }> {
  const bytes = await packQdpx(p, file, extension);
  const qde = unzipSync(bytes, { filter: (f) => f.name === 'project.qde' })['project.qde'];
  return { bytes, xml: new TextDecoder().decode(qde) };
}

export async function buildQdc(cb: RefiCodebook, file = 'export.qdc'): Promise<string> {
  if (cb.codes.length === 0) {
    throw new RefiError(
      'write_failed',
      file,
      'there are no codes to export; a codebook needs at least one',
    );
  }
  const xml = codebookXml(cb);
  await assertWritten(xml, 'codebook', file);
  return xml;
}

async function assertWritten(
  xml: string,
  kind: 'project' | 'codebook',
  file: string,
): Promise<void> {
  writtenVerdict(await startSchemaValidation(xml, kind), kind, file);
}

function writtenVerdict(r: SchemaResult, kind: 'project' | 'codebook', file: string): void {
  try {
    schemaVerdict(r, kind, file);
  } catch (e) {
    if (e instanceof RefiError) {
      throw new RefiError(
        'write_failed',
        file,
        `Casus produced XML that fails the schema; nothing was written (${e.reason})`,
        e.details,
      );
    }
    throw e;
  }
}
