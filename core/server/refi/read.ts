import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { CASUS_ORIGIN, POSITION_MARKER, POSITION_STATEMENT } from './constants.js';
import { RefiError } from './errors.js';
import { CASUS_EXTENSION_FILE } from './extension.js';
import { newGuid, normGuid } from './guid.js';
import {
  emptyProject,
  type Guid,
  type RefiCase,
  type RefiCode,
  type RefiCodebook,
  type RefiCoding,
  type RefiNoteTarget,
  type RefiProject,
  type RefiSet,
  type RefiTargetKind,
  type RefiTextOrigin,
  type RefiTextSelection,
  type RefiSyncPoint,
  type RefiTextSource,
  type RefiVariableType,
  type RefiVariableValue,
} from './model.js';
import {
  detectRule,
  POSITION_RULE_TEXT,
  SourceText,
  type PositionRule,
  type RawSelection,
} from './positions.js';
import { emptyCounts, type RefiImportReport, type RefiSkippedKind } from './report.js';
import {
  assertSchemaValid,
  CODEBOOK_NS,
  PROJECT_NS,
  schemaVerdict,
  startSchemaValidation,
  streamSchemaValidation,
  type SchemaResult,
} from './schema.js';
import { decodeSourceBytes } from './text.js';
import {
  decodeXml,
  doctypeScanner,
  kid,
  kids,
  kidText,
  openXmlStream,
  parseXml,
  refuseDoctype,
  refuseDoctypeBytes,
  streamXml,
  type XmlStreamHandlers,
  type XNode,
} from './xml-read.js';
import type { SafeZipEntry } from '../zip/safe-zip.js';
import { DEFAULT_ZIP_LIMITS, looksLikeZip, QdpxZip, type ZipLimits } from './zip.js';

export interface RefiReadOptions {
  limits?: ZipLimits;
  /** How far project.qde of a .qdpx has been read: bytes of its expanded size. */
  reading?: (done: number, total: number) => void;
}

/**
 * Who takes the project piece by piece while it is read (an import that builds the new project
 * meanwhile): the text sources then never are in memory together. Each is called inside the
 * parser's events; what they throw ends the read.
 */
export interface RefiProjectSink {
  /** The root element is read: the project's name and dates. */
  start(project: RefiProject): void;
  /**
   * Once, before the first source (or at the end when there is none): the users, code book,
   * variables and cases are read; `expected` text sources are in the archive, when known.
   */
  begin(
    project: RefiProject,
    report: RefiImportReport,
    extension: unknown,
    expected: number | undefined,
  ): void;
  /** A text source with its selections and codings, as it is read. */
  source(source: RefiTextSource): void;
}

/** How a streaming read (readQdpxPending, readQdePending) hands the project over. */
export interface RefiStreamOptions extends RefiReadOptions {
  /** Text sources of the file go here as they are read, not into the project returned. */
  sink?: RefiProjectSink;
  /**
   * Whether the file states Casus's position rule, when a read before found out (the error
   * StatedRuleDiffers); otherwise guessed from the root's origin.
   */
  statedRule?: boolean;
}

/**
 * A streamed read (with a sink) guessed the position rule wrongly: what it handed over is read
 * with the wrong rule, so the build must start again with the rule the file states. The file
 * passed the schema (its verdict is awaited before this is thrown).
 */
export class StatedRuleDiffers extends Error {
  constructor(readonly statedRule: boolean) {
    super('the position rule the file states differs from the one guessed; read again');
  }
}

/** Bytes of project.qde between two reports of how far the reading is. */
const READING_EVERY = 1024 * 1024;

export interface RefiProjectImport {
  project: RefiProject;
  report: RefiImportReport;
  /** Parsed `casus.json` when the archive has one (untrusted: validate before use). */
  extension?: unknown;
}

export interface RefiCodebookImport {
  codebook: RefiCodebook;
  report: RefiImportReport;
}

const VARIABLE_TYPES: readonly RefiVariableType[] = [
  'Text',
  'Boolean',
  'Integer',
  'Float',
  'Date',
  'DateTime',
];

/** Reads a `.qdpx`, a bare `.qde` or a `.qdc` file from disk, chosen by content and extension. */
export async function readRefiFile(
  path: string,
  opts: RefiReadOptions = {},
): Promise<RefiProjectImport | RefiCodebookImport> {
  const bytes = await readBytes(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.qdc') return readQdc(bytes, path);
  if (ext === '.qde' && !looksLikeZip(bytes)) return readQde(bytes, path);
  return readQdpx(bytes, path, opts);
}

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new RefiError('read_failed', path, why);
  }
}

/**
 * A read whose schema verdict may still be coming (the validator runs in its own thread):
 * `verdict()` resolves when the file passed and throws the schema error when it did not. An
 * import builds the new project meanwhile and asks for the verdict before the project is moved
 * into place.
 */
export interface PendingProjectImport extends RefiProjectImport {
  verdict: () => Promise<void>;
}

/** A `.qdpx` archive: project.qde plus `sources/`. */
export async function readQdpx(
  bytes: Uint8Array,
  file: string,
  opts: RefiReadOptions = {},
): Promise<RefiProjectImport> {
  return settled(await readQdpxPending(bytes, file, opts));
}

/** A bare `project.qde` without its sources: texts only when embedded as PlainTextContent. */
export async function readQde(bytes: Uint8Array, file: string): Promise<RefiProjectImport> {
  return settled(await readQdePending(bytes, file));
}

/** The read once the file passed the schema (the schema error otherwise). */
async function settled({ verdict, ...read }: PendingProjectImport): Promise<RefiProjectImport> {
  await verdict();
  return read;
}

/** `readQdpx` that hands the model over before the schema verdict is in (see PendingProjectImport). */
export async function readQdpxPending(
  bytes: Uint8Array,
  file: string,
  opts: RefiStreamOptions = {},
): Promise<PendingProjectImport> {
  const zip = QdpxZip.open(bytes, file, opts.limits ?? DEFAULT_ZIP_LIMITS);
  let entry = zip.find('project.qde');
  if (!entry) {
    const qdes = zip.entries.filter((e) => !e.name.includes('/') && /\.qde$/i.test(e.name));
    if (qdes.length === 1) entry = qdes[0];
  }
  if (!entry) {
    throw new RefiError('no_project_xml', file, 'the archive has no project.qde at its top level');
  }
  // casus.json first: a build that takes the sources as they are read needs it before them.
  const ext = zip.find(CASUS_EXTENSION_FILE);
  let extension: { json?: unknown; refused?: RefiError; invalid?: true } = {};
  if (ext) {
    try {
      extension = {
        json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(zip.read(ext))),
      };
    } catch (e) {
      extension = e instanceof RefiError ? { refused: e } : { invalid: true };
    }
  }
  // A refused archive is not built: it is read only for the schema's verdict, which comes first.
  const sink = extension.refused ? undefined : opts.sink;
  const result = await parseProjectEntry(zip, entry, file, opts, sink, extension.json);
  if (extension.refused) {
    await result.verdict();
    throw extension.refused;
  }
  if (extension.invalid)
    result.report.warnings.push(`${CASUS_EXTENSION_FILE} is not valid JSON; ignored`);
  else if (ext) result.extension = extension.json;
  return result;
}

/** `readQde` that hands the model over before the schema verdict is in (see PendingProjectImport). */
export async function readQdePending(
  bytes: Uint8Array,
  file: string,
  opts: Pick<RefiStreamOptions, 'sink' | 'statedRule'> = {},
): Promise<PendingProjectImport> {
  return parseProjectXml(bytes, file, 'qde', null, opts);
}

export async function readQdc(bytes: Uint8Array, file: string): Promise<RefiCodebookImport> {
  if (looksLikeZip(bytes)) {
    throw new RefiError('unsupported_format', file, 'is a ZIP archive, not a .qdc codebook (XML)');
  }
  const xml = decodeXml(bytes, file);
  refuseDoctype(xml, file);
  await assertSchemaValid(xml, 'codebook', file);
  const { rootName, root } = parseXml(xml, file);
  // Schema validation has already pinned the namespace; the parser drops xmlns attributes.
  if (rootName !== 'CodeBook') {
    throw new RefiError('wrong_root', file, `the root element is not a ${CODEBOOK_NS} CodeBook`);
  }
  const r = new ProjectReader(file, 'qdc', null);
  const codes = r.readCodes(kid(root, 'Codes'));
  const sets: RefiSet[] = [];
  for (const s of kids(kid(root, 'Sets'), 'Set')) {
    const guid = r.guid(s.attrs.guid, 'set', s.attrs.name);
    if (!guid) continue;
    sets.push({
      guid,
      name: s.attrs.name ?? '',
      description: kidText(s, 'Description'),
      // The codebook schema names members by `guid`, the project schema by `targetGUID`.
      codeGuids: r.refs(kids(s, 'MemberCode'), 'guid', 'code'),
      sourceGuids: [],
      noteGuids: [],
    });
  }
  r.report.counts.sets = sets.length;
  r.report.origin = root.attrs.origin;
  return { codebook: { origin: root.attrs.origin, codes, sets }, report: r.report };
}

const UTF16_DECLARED = /^(\xef\xbb\xbf)?<\?xml[^>]*encoding=["']utf-16/i;

/**
 * A document in hand (a bare .qde, or a UTF-16 project.qde; parseProjectEntry streams the usual
 * one from its archive). Validates against the schema in the validator's thread while this thread
 * streams the XML into the model; the verdict comes with the model (PendingProjectImport), so an import can build the
 * project while the validator finishes. The streaming reader keeps no tree of the document, so
 * both fit in memory side by side (a tree reader and libxml2's tree took 1.5 GB on the bench's
 * 200,000 codings). When the reading fails on a file that also fails the schema, the schema error
 * is the one reported; a well-formedness error is reported as such, with its line.
 */
async function parseProjectXml(
  bytes: Uint8Array,
  file: string,
  format: 'qdpx' | 'qde',
  zip: QdpxZip | null,
  opts: StreamedTo = {},
): Promise<PendingProjectImport> {
  // UTF-16 files are decoded whole and re-declared as UTF-8 for the validator; UTF-8 (nearly every
  // file) is checked, validated and streamed as the bytes it is.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const asIs = bytes[0] !== 0xff && bytes[0] !== 0xfe && !UTF16_DECLARED.test(head);
  let xml: string | Uint8Array = bytes;
  if (asIs) refuseDoctypeBytes(bytes, file);
  else {
    xml = decodeXml(bytes, file);
    refuseDoctype(xml, file);
  }
  // Never rejects: the schema error is thrown only by whoever asks for the verdict.
  const validation = startSchemaValidation(xml, 'project');
  const verdict = async () => schemaVerdict(await validation, 'project', file);
  let read: RefiProjectImport;
  try {
    read = streamProject(xml, file, format, zip, opts);
  } catch (e) {
    if (e instanceof RefiError && (e.code === 'xml_malformed' || e.code === 'doctype')) {
      await validation; // nothing keeps running after the refusal
      throw e;
    }
    await verdict();
    throw e;
  }
  return { ...read, verdict };
}

/**
 * Casus states its position rule in the project description, which the schema puts after the
 * sources; the sources are read with a guess (the statement appears after the last `Sources>`)
 * and read again in the rare file where the guess was wrong.
 */
function streamProject(
  xml: string | Uint8Array,
  file: string,
  format: 'qdpx' | 'qde',
  zip: QdpxZip | null,
  opts: StreamedTo,
): RefiProjectImport {
  const marker = new RegExp(POSITION_MARKER.replace(/ /g, '\\s+'));
  const guess = opts.statedRule ?? marker.test(afterLastSources(xml));
  const first = streamProjectWith(xml, file, format, zip, guess, opts);
  if (first.statedRule === guess) return first.read;
  // What went to the sink was read with the wrong rule: its taker starts again (after the verdict).
  if (opts.sink) throw new StatedRuleDiffers(first.statedRule);
  return streamProjectWith(xml, file, format, zip, first.statedRule, opts).read;
}

/** The document from the last `Sources>` on (where the project description is), as text. */
function afterLastSources(xml: string | Uint8Array): string {
  if (typeof xml === 'string') {
    const at = xml.lastIndexOf('Sources>');
    return at < 0 ? xml : xml.slice(at);
  }
  const buf = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const at = buf.lastIndexOf('Sources>');
  return new TextDecoder().decode(at < 0 ? xml : xml.subarray(at));
}

/** Where a streamed read hands the project (RefiStreamOptions), with the file's casus.json. */
interface StreamedTo {
  sink?: RefiProjectSink | undefined;
  statedRule?: boolean | undefined;
  extension?: unknown;
}

/** The project's lists, whose items are read one at a time. */
const PROJECT_LISTS = new Set(['Cases', 'Sources', 'Notes', 'Links', 'Sets', 'Graphs']);

function streamProjectWith(
  xml: string | Uint8Array,
  file: string,
  format: 'qdpx' | 'qde',
  zip: QdpxZip | null,
  forced: boolean,
  opts: StreamedTo,
): { read: RefiProjectImport; statedRule: boolean } {
  const reader = new ProjectReader(file, format, zip, opts);
  const source = { file, entry: format === 'qdpx' ? 'project.qde' : undefined };
  streamXml(
    xml,
    source,
    wholeAtProject,
    projectHandlers(reader, file, () => forced),
  );
  return {
    read: { project: reader.finishProject(), report: reader.report },
    statedRule: reader.statedRule,
  };
}

const wholeAtProject = (name: string, depth: number) =>
  depth >= 2 || (depth === 1 && !PROJECT_LISTS.has(name));

/** The streaming parser's events into the reader; `forced` is asked at the root element. */
function projectHandlers(
  reader: ProjectReader,
  file: string,
  forced: (root: Record<string, string>) => boolean,
): XmlStreamHandlers {
  let list: string | undefined;
  return {
    open(name, attrs, depth) {
      if (depth === 0) {
        // Schema validation pins the namespace; the parser drops xmlns attributes.
        if (name !== 'Project') {
          throw new RefiError(
            'wrong_root',
            file,
            `the root element is not a ${PROJECT_NS} Project`,
          );
        }
        reader.startProject(attrs, forced(attrs));
      } else if (depth === 1) list = name;
    },
    close(_name, depth) {
      if (depth === 1) list = undefined;
    },
    node(name, node, depth) {
      reader.readPart(name, node, depth, list);
    },
  };
}

/** project.qde in UTF-16: decoded whole (parseProjectXml) instead of streamed. */
class Utf16Document extends Error {}

/** A read error after which the document cannot be read on: reported as it is, at once. */
const fatalRead = (e: unknown) =>
  e instanceof RefiError && (e.code === 'xml_malformed' || e.code === 'doctype');

/**
 * project.qde of a .qdpx, inflated piece by piece straight into the parser and the validator
 * (SafeZip.stream): the document never exists whole, so its size is bounded by the limit for
 * project.qde, not by memory. The position rule Casus states at the end of the file is guessed
 * from the root's `origin` (Casus writes its own name there); in the rare file where the guess
 * was wrong, the document is streamed once more with the rule it states (not validated again).
 */
async function parseProjectEntry(
  zip: QdpxZip,
  entry: SafeZipEntry,
  file: string,
  opts: RefiStreamOptions,
  sink: RefiProjectSink | undefined,
  extension: unknown,
): Promise<PendingProjectImport> {
  const to: StreamedTo = { sink, statedRule: opts.statedRule, extension };
  let first;
  try {
    first = await streamProjectEntry(zip, entry, file, opts.statedRule ?? 'origin', to, {
      reading: opts.reading,
    });
  } catch (e) {
    if (!(e instanceof Utf16Document)) throw e;
    return parseProjectXml(await zip.readAsync(entry), file, 'qdpx', zip, to);
  }
  if (first.statedRule === first.guessed) return { ...first.read, verdict: first.verdict };
  if (sink) {
    // The sink has what was read with the wrong rule: it starts again, from a file that passed.
    await first.verdict();
    throw new StatedRuleDiffers(first.statedRule);
  }
  const again = await streamProjectEntry(zip, entry, file, first.statedRule, to, {
    validate: false,
  });
  return { ...again.read, verdict: first.verdict };
}

async function streamProjectEntry(
  zip: QdpxZip,
  entry: SafeZipEntry,
  file: string,
  guess: boolean | 'origin',
  to: StreamedTo,
  {
    validate = true,
    reading = () => {},
  }: Pick<RefiReadOptions, 'reading'> & { validate?: boolean },
): Promise<{
  read: RefiProjectImport;
  statedRule: boolean;
  guessed: boolean;
  verdict: () => Promise<void>;
}> {
  const reader = new ProjectReader(file, 'qdpx', zip, to);
  let guessed = guess === true;
  const parser = openXmlStream(
    { file, entry: 'project.qde' },
    wholeAtProject,
    projectHandlers(reader, file, (root) => {
      guessed = guess === 'origin' ? root.origin === CASUS_ORIGIN : guess;
      return guessed;
    }),
  );
  const validation = validate ? streamSchemaValidation('project') : null;
  let result: Promise<SchemaResult> | null = null;
  // Never rejects: the schema error is thrown only by whoever asks for the verdict.
  const validated = () => (result ??= validation?.end() ?? Promise.resolve(VALID));
  const verdict = async () => schemaVerdict(await validated(), 'project', file);
  const refuseDoctype = doctypeScanner(file);
  let head = true;
  let parsing = true;
  let validating = validation !== null;
  // The reading failed. A document that is still well-formed (a wrong root, a refused source
  // file) goes on to the validator, whose error, if any, is the one reported; one that is not is
  // only inflated on, so that damaged compressed data are named as such, not as the XML they
  // garbled.
  let readError: unknown = null;
  try {
    let done = 0;
    await zip.streamXml(entry, async (piece) => {
      if (Math.floor((done + piece.length) / READING_EVERY) > Math.floor(done / READING_EVERY))
        reading(done + piece.length, entry.size);
      done += piece.length;
      if (head) {
        head = false;
        const start = new TextDecoder('latin1').decode(piece.subarray(0, 200));
        if (piece[0] === 0xff || piece[0] === 0xfe || UTF16_DECLARED.test(start))
          throw new Utf16Document();
      }
      refuseDoctype(piece);
      if (validation && validating) {
        validation.write(piece);
        await validation.ready();
      }
      if (!parsing) return;
      try {
        parser.write(piece);
      } catch (e) {
        readError = e;
        parsing = false;
        if (fatalRead(e)) validating = false;
      }
    });
    if (parsing) parser.close();
  } catch (e) {
    // The archive refused, a DOCTYPE, or the document ends before it is complete.
    await validated();
    throw e;
  }
  if (readError !== null) {
    if (fatalRead(readError)) await validated();
    else await verdict();
    throw readError;
  }
  let project: RefiProject;
  try {
    project = reader.finishProject();
  } catch (e) {
    // What is read last goes to the sink too; a file that fails the schema is refused as such.
    await verdict();
    throw e;
  }
  return {
    read: { project, report: reader.report },
    statedRule: reader.statedRule,
    guessed,
    verdict,
  };
}

const VALID: SchemaResult = { valid: true, errors: [] };

interface PendingNoteRef {
  noteGuid: Guid;
  target: RefiNoteTarget;
}

/** Turns the parsed XML into the model, recording everything it cannot take in the report. */
class ProjectReader {
  readonly report: RefiImportReport;
  private readonly used = new Set<Guid>();
  private readonly codeGuids = new Set<Guid>();
  private readonly variableGuids = new Set<Guid>();
  private readonly noteRefs: PendingNoteRef[] = [];
  /** Every imported entity by GUID, to resolve note targets and links. */
  private readonly kinds = new Map<Guid, RefiTargetKind>();
  /** Text file path (lower case) to the text source that already holds it. */
  private readonly textByPath = new Map<string, RefiTextSource>();
  /** Selection GUIDs imported as text (PDF area selections with the same GUID are covered). */
  private readonly textSelectionGuids = new Set<Guid>();
  /** PDF/audio/video GUID to the text source that stands in for it. */
  private readonly aliases = new Map<Guid, Guid>();
  private forcedRule: PositionRule | null = null;
  /** Where text sources go as they are read (an import building meanwhile), and casus.json. */
  private readonly sink: RefiProjectSink | undefined;
  private readonly extension: unknown;
  /** Text sources handed to the sink (not in the project), and their selections and codings. */
  private readonly handedOver = { guids: new Set<Guid>(), segments: 0, codings: 0 };

  constructor(
    private readonly file: string,
    format: 'qdpx' | 'qde' | 'qdc',
    private readonly zip: QdpxZip | null,
    to: StreamedTo = {},
  ) {
    this.sink = to.sink;
    this.extension = to.extension;
    this.report = {
      file: basename(file),
      format,
      counts: emptyCounts(),
      skipped: [],
      warnings: [],
      positionRule: 'utf16',
      positionRuleText: POSITION_RULE_TEXT.utf16,
      positionRules: [],
    };
  }

  skip(kind: RefiSkippedKind, reason: string, guid?: string, name?: string): void {
    this.report.skipped.push({
      kind,
      ...(guid ? { guid } : {}),
      ...(name ? { name } : {}),
      reason,
    });
  }

  /**
   * Normalises and claims a GUID. A GUID used twice (ATLAS.ti reuses PDF selection GUIDs) gets a
   * fresh one so database keys stay unique; the report says so.
   */
  guid(raw: string | undefined, kind: RefiSkippedKind, name?: string): Guid | null {
    const g = normGuid(raw);
    if (!g) {
      this.skip(kind, `has no valid GUID ("${raw ?? ''}")`, undefined, name);
      return null;
    }
    if (this.used.has(g)) {
      const fresh = newGuid();
      this.report.warnings.push(`${kind} ${g} reuses a GUID; imported as ${fresh}`);
      this.used.add(fresh);
      return fresh;
    }
    this.used.add(g);
    return g;
  }

  refs(nodes: readonly XNode[], attr: string, what: string): Guid[] {
    const out: Guid[] = [];
    for (const n of nodes) {
      const g = normGuid(n.attrs[attr]);
      if (g) out.push(g);
      else this.report.warnings.push(`a ${what} reference without a valid GUID was ignored`);
    }
    return out;
  }

  private collectNoteRefs(node: XNode, target: RefiNoteTarget): void {
    for (const ref of kids(node, 'NoteRef')) {
      const g = normGuid(ref.attrs.targetGUID);
      if (g) this.noteRefs.push({ noteGuid: g, target });
    }
  }

  /**
   * Takes the project's parts one by one as the streaming parser hands them over (`streamXml`),
   * in the order the reader needs: the code book and variables before the sources, the sources
   * before the cases (so references to skipped sources can be dropped), notes before links.
   * The schema fixes the document order Users, CodeBook, Variables, Cases, Sources, Notes, Links,
   * Sets, Graphs, Description, NoteRef; cases (small) wait for the end of the sources, and so do
   * PDF, picture, audio and video sources, which are read after all text sources.
   */
  readonly project: RefiProject = emptyProject('REFI-QDA project');
  private readonly pendingCases: XNode[] = [];
  private readonly pendingMedia: { name: string; node: XNode }[] = [];
  private sourcesDone = false;
  /** The project's own NoteRefs come last in the file but first in the note targets. */
  private readonly projectNoteRefs: PendingNoteRef[] = [];
  /** Whether the project description states Casus's position rule (known at the end). */
  statedRule = false;

  /**
   * ATLAS.ti lists a transcript both as a TextSource and, later, as the Transcript of its
   * recording: its text sources are kept until the end (as other kinds are) so that the
   * recording and its times can still join the text source they share a file with.
   */
  private holdTextSources = false;

  /** `forced`: the position rule the file states, as guessed before the sources were read. */
  startProject(attrs: Record<string, string>, forced: boolean): void {
    const p = this.project;
    p.name = attrs.name ?? 'REFI-QDA project';
    p.origin = attrs.origin;
    this.report.origin = attrs.origin;
    p.createdAt = attrs.creationDateTime;
    p.modifiedAt = attrs.modifiedDateTime;
    p.creatingUser = normGuid(attrs.creatingUserGUID) ?? undefined;
    if (forced) this.forcedRule = 'utf16';
    this.holdTextSources = /atlas\.ti/i.test(attrs.origin ?? '');
    this.sink?.start(p);
  }

  private begun = false;

  /**
   * Before the first source: the sink gets what precedes the sources. The cases come before the
   * sources in the file, so they are read here; their references to sources and selections are
   * checked once all sources are read (finishSources).
   */
  private beginSources(): void {
    if (this.begun) return;
    this.begun = true;
    if (!this.sink) return;
    for (const c of this.pendingCases) this.readCase(c, false);
    this.pendingCases.length = 0;
    const expected = this.zip?.entries.filter((e) => /^sources\/[^/]+\.txt$/i.test(e.name)).length;
    this.sink.begin(this.project, this.report, this.extension, expected);
  }

  /** A child of the project (depth 1) or of one of its lists (depth 2), read whole. */
  readPart(name: string, node: XNode, depth: number, list: string | undefined): void {
    const p = this.project;
    if (depth === 2) {
      if (list === 'Sources') {
        this.beginSources();
        if (name === 'TextSource') this.readTextSource(p, node, { kind: 'text' });
        else this.pendingMedia.push({ name, node });
        return;
      }
      if (list === 'Cases') {
        if (name === 'Case') this.pendingCases.push(node);
        return;
      }
      this.finishSources();
      if (list === 'Notes' && name === 'Note') this.readNote(p, node);
      else if (list === 'Links' && name === 'Link') this.readLink(node);
      else if (list === 'Sets' && name === 'Set') this.readSet(node);
      else if (list === 'Graphs' && name === 'Graph') {
        this.skip(
          'graph',
          'graphs (network views) are not supported',
          normGuid(node.attrs.guid) ?? undefined,
          node.attrs.name,
        );
      }
      return;
    }
    if (name === 'Users') this.readUsers(node);
    else if (name === 'CodeBook') p.codes = this.readCodes(kid(node, 'Codes'));
    else if (name === 'Variables') this.readVariables(node);
    else if (name === 'Description') {
      this.finishSources();
      const description = node.text === '' ? undefined : node.text.normalize('NFC');
      if (description !== undefined) {
        const m = new RegExp(`${POSITION_MARKER.replace(/ /g, '\\s+')}`).exec(description);
        if (m) this.statedRule = true;
        const own = description.replace(POSITION_STATEMENT, '').trim();
        if (own !== '') p.description = own;
      }
    } else if (name === 'NoteRef') {
      this.finishSources();
      const g = normGuid(node.attrs.targetGUID);
      if (g) this.projectNoteRefs.push({ noteGuid: g, target: { guid: '', kind: 'project' } });
    }
  }

  /** The end of the document: whatever waited is read, note references are resolved. */
  finishProject(): RefiProject {
    this.finishSources();
    const p = this.project;
    this.noteRefs.unshift(...this.projectNoteRefs);
    this.attachNoteRefs(p);
    this.finishReport(p);
    return p;
  }

  private readUsers(users: XNode): void {
    for (const u of kids(users, 'User')) {
      const guid = this.guid(u.attrs.guid, 'user', u.attrs.name);
      if (!guid) continue;
      this.kinds.set(guid, 'user');
      this.project.users.push({
        guid,
        name: u.attrs.name ?? u.attrs.id ?? guid,
        ...(u.attrs.id ? { id: u.attrs.id } : {}),
      });
    }
  }

  private readVariables(variables: XNode): void {
    for (const v of kids(variables, 'Variable')) {
      const guid = this.guid(v.attrs.guid, 'variable', v.attrs.name);
      if (!guid) continue;
      const type = VARIABLE_TYPES.find((t) => t === v.attrs.typeOfVariable) ?? 'Text';
      this.variableGuids.add(guid);
      this.kinds.set(guid, 'variable');
      this.project.variables.push({
        guid,
        name: v.attrs.name ?? '',
        type,
        description: kidText(v, 'Description'),
      });
    }
  }

  /** Media sources after all text sources (in the order of their kinds), then the cases. */
  private finishSources(): void {
    if (this.sourcesDone) return;
    this.sourcesDone = true;
    this.beginSources();
    const p = this.project;
    const media = (kind: string) => this.pendingMedia.filter((m) => m.name === kind);
    for (const { node } of media('PDFSource')) this.readPdf(p, node);
    for (const { node } of media('PictureSource')) this.readPicture(p, node);
    for (const { node } of media('AudioSource')) this.readMedia(p, node, 'audio');
    for (const { node } of media('VideoSource')) this.readMedia(p, node, 'video');
    this.pendingMedia.length = 0;
    for (const c of this.pendingCases) this.readCase(c);
    this.pendingCases.length = 0;
    // Cases read before the sources (for a sink): their references are checked now.
    if (this.sink)
      for (const c of p.cases) {
        c.sourceGuids = this.known(c.sourceGuids, 'source', `case "${c.name || c.guid}"`);
        c.selectionGuids = this.known(c.selectionGuids, 'selection', `case "${c.name || c.guid}"`);
      }
  }

  /** `checked`: references to sources and selections kept only when those were imported. */
  private readCase(c: XNode, checked = true): void {
    const guid = this.guid(c.attrs.guid, 'case', c.attrs.name);
    if (!guid) return;
    this.kinds.set(guid, 'case');
    const label = `case "${c.attrs.name ?? guid}"`;
    const sources = this.refs(kids(c, 'SourceRef'), 'targetGUID', 'source');
    const selections = this.refs(kids(c, 'SelectionRef'), 'targetGUID', 'selection');
    const theCase: RefiCase = {
      guid,
      name: c.attrs.name ?? '',
      description: kidText(c, 'Description'),
      sourceGuids: checked ? this.known(sources, 'source', label) : sources,
      selectionGuids: checked ? this.known(selections, 'selection', label) : selections,
      codeGuids: this.known(
        this.refs(kids(c, 'CodeRef'), 'targetGUID', 'code'),
        'code',
        `case "${c.attrs.name ?? guid}"`,
      ),
      variableValues: this.readVariableValues(c, `case "${c.attrs.name ?? guid}"`),
    };
    this.project.cases.push(theCase);
  }

  private readSet(s: XNode): void {
    const guid = this.guid(s.attrs.guid, 'set', s.attrs.name);
    if (!guid) return;
    this.kinds.set(guid, 'set');
    const label = `set "${s.attrs.name ?? guid}"`;
    this.project.sets.push({
      guid,
      name: s.attrs.name ?? '',
      description: kidText(s, 'Description'),
      codeGuids: this.known(this.refs(kids(s, 'MemberCode'), 'targetGUID', 'code'), 'code', label),
      sourceGuids: this.known(
        this.refs(kids(s, 'MemberSource'), 'targetGUID', 'source'),
        'source',
        label,
      ),
      noteGuids: this.known(this.refs(kids(s, 'MemberNote'), 'targetGUID', 'note'), 'note', label),
    });
  }

  /** Keeps references to things that were imported; the rest become warnings. */
  private known(guids: Guid[], kind: RefiTargetKind, owner: string): Guid[] {
    return guids
      .map((g) => this.aliases.get(g) ?? g)
      .filter((g) => {
        const ok = this.kinds.get(g) === kind;
        if (!ok)
          this.report.warnings.push(
            `${owner}: reference to ${kind} ${g}, which was not imported, dropped`,
          );
        return ok;
      });
  }

  readCodes(codesNode: XNode | undefined): RefiCode[] {
    const read = (nodes: readonly XNode[]): RefiCode[] => {
      const out: RefiCode[] = [];
      for (const c of nodes) {
        const guid = this.guid(c.attrs.guid, 'code', c.attrs.name);
        if (!guid) continue;
        this.codeGuids.add(guid);
        this.kinds.set(guid, 'code');
        this.collectNoteRefs(c, { guid, kind: 'code' });
        const color = normColor(c.attrs.color);
        out.push({
          guid,
          name: c.attrs.name ?? '',
          ...(color ? { color } : {}),
          description: kidText(c, 'Description'),
          isCodable: c.attrs.isCodable !== 'false' && c.attrs.isCodable !== '0',
          children: read(kids(c, 'Code')),
        });
      }
      return out;
    };
    const codes = read(kids(codesNode, 'Code'));
    this.report.counts.codes = this.codeGuids.size;
    return codes;
  }

  private readVariableValues(node: XNode, owner: string): RefiVariableValue[] {
    const out: RefiVariableValue[] = [];
    for (const vv of kids(node, 'VariableValue')) {
      const g = normGuid(kid(vv, 'VariableRef')?.attrs.targetGUID);
      if (!g || !this.variableGuids.has(g)) {
        this.report.warnings.push(`${owner}: value for unknown variable ${g ?? '?'} dropped`);
        continue;
      }
      const valueNode = [
        'TextValue',
        'BooleanValue',
        'IntegerValue',
        'FloatValue',
        'DateValue',
        'DateTimeValue',
      ]
        .map((n) => kid(vv, n))
        .find((n) => n !== undefined);
      out.push({ variableGuid: g, value: valueNode?.text ?? '' });
    }
    return out;
  }

  /** Finds and decodes the text of a TextSource-like element; null with a reason when absent. */
  private loadText(node: XNode): { raw: string; path?: string } | { missing: string } {
    const content = kid(node, 'PlainTextContent');
    if (content) return { raw: content.text };
    const path = node.attrs.plainTextPath;
    if (!path) return { missing: 'it has neither PlainTextContent nor plainTextPath' };
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path);
    if (scheme && scheme[1]!.toLowerCase() !== 'internal') {
      return { missing: `its text is stored outside the project file (${path})` };
    }
    const name = scheme ? path.slice(scheme[0].length) : path;
    if (!this.zip) {
      return { missing: `its text file ${name} is not included (a bare .qde carries no sources)` };
    }
    const candidates = [`sources/${name}`, name, `sources/${safeDecode(name)}`];
    const entry = candidates.map((c) => this.zip!.find(c)).find((e) => e !== undefined);
    if (!entry) return { missing: `its text file ${name} is not in the archive` };
    const decoded = decodeSourceBytes(this.zip.read(entry));
    if (decoded.encoding === 'windows-1252') {
      this.report.warnings.push(`${entry.name} is not UTF-8; read as Windows-1252`);
    }
    return { raw: decoded.raw, path: entry.name.toLowerCase() };
  }

  /** The .docx behind a text source, when the archive carries it. */
  /** A file of the .qdpx's sources folder named by an `internal://` path (a recording). */
  private loadInternal(path: string | undefined): Uint8Array | undefined {
    if (!path || !this.zip || !/^internal:\/\/[^/\\]+$/i.test(path)) return undefined;
    const entry = this.zip.find(`sources/${path.slice('internal://'.length)}`);
    return entry ? this.zip.read(entry) : undefined;
  }

  private loadOriginal(path: string | undefined): { name: string; bytes: Uint8Array } | undefined {
    if (!path || !this.zip || !/^internal:\/\/[^/]+\.docx$/i.test(path)) return undefined;
    const name = path.slice('internal://'.length);
    const entry = this.zip.find(`sources/${name}`);
    return entry ? { name, bytes: this.zip.read(entry) } : undefined;
  }

  /**
   * Reads a TextSource (or a PDF representation / transcript) with its selections; returns null
   * when its text is not available.
   */
  private readTextSource(
    p: RefiProject,
    node: XNode,
    origin: RefiTextOrigin,
    overrides: { name?: string; extraSelections?: XNode[]; syncPoints?: Map<Guid, number> } = {},
  ): RefiTextSource | null {
    const name =
      overrides.name ?? node.attrs.name ?? nameFromPath(node.attrs.plainTextPath) ?? 'Untitled';
    const rawGuid = normGuid(node.attrs.guid);
    const selectionNodes = [
      ...kids(node, 'PlainTextSelection'),
      ...(overrides.extraSelections ?? []),
    ];
    const loaded = this.loadText(node);
    if ('missing' in loaded) {
      const codings = selectionNodes.reduce((n, s) => n + kids(s, 'Coding').length, 0);
      this.skip(
        'source',
        `not imported: ${loaded.missing}` +
          (selectionNodes.length > 0
            ? `; its ${selectionNodes.length} selection(s) with ${codings} coding(s) are skipped too`
            : ''),
        rawGuid ?? undefined,
        name,
      );
      return null;
    }
    if (loaded.path) {
      const twin = this.textByPath.get(loaded.path);
      if (twin && origin.kind === 'transcript') {
        // ATLAS.ti lists a transcript both as TextSource and as Transcript of the video.
        this.report.warnings.push(
          `transcript "${name}" uses the same text file as source "${twin.name}"; imported once` +
            (this.handedOver.guids.has(twin.guid)
              ? ', as that text source (without the times of its recording)'
              : ''),
        );
        return twin;
      }
    }
    const guid = this.guid(node.attrs.guid, 'source', name);
    if (!guid) return null;
    const st = new SourceText(loaded.raw);

    type Raw = RawSelection & { node: XNode };
    const raws: Raw[] = [];
    for (const s of selectionNodes) {
      let start: number;
      let end: number;
      if (s.attrs.startPosition !== undefined) {
        start = Number(s.attrs.startPosition);
        end = Number(s.attrs.endPosition);
      } else {
        // Transcript selections point at sync points, which carry the text positions.
        const from = overrides.syncPoints?.get(normGuid(s.attrs.fromSyncPoint) ?? '');
        const to = overrides.syncPoints?.get(normGuid(s.attrs.toSyncPoint) ?? '');
        if (from === undefined || to === undefined) {
          this.skip(
            'selection',
            'transcript selection without usable sync points',
            normGuid(s.attrs.guid) ?? undefined,
            s.attrs.name,
          );
          continue;
        }
        start = from;
        end = to;
      }
      raws.push({ start, end, name: s.attrs.name, node: s });
    }
    const decision = this.forcedRule
      ? { rule: this.forcedRule, ambiguous: false, boundaryHits: 0, boundaryChecks: 0 }
      : detectRule(st, raws);
    this.report.positionRules.push({
      sourceGuid: guid,
      sourceName: name,
      rule: decision.rule,
      ambiguous: decision.ambiguous,
      boundaryHits: decision.boundaryHits,
      boundaryChecks: decision.boundaryChecks,
    });

    const source: RefiTextSource = {
      guid,
      name,
      description: kidText(node, 'Description'),
      text: st.text,
      origin,
      selections: [],
      variableValues: this.readVariableValues(node, `source "${name}"`),
      creatingUser: normGuid(node.attrs.creatingUser) ?? undefined,
      createdAt: node.attrs.creationDateTime,
      modifiedAt: node.attrs.modifiedDateTime,
    };
    this.kinds.set(guid, 'source');
    this.collectNoteRefs(node, { guid, kind: 'source' });

    for (const r of raws) {
      const sel = this.mapSelection(st, r, decision.rule, name);
      if (sel) source.selections.push(sel);
    }
    // Codings on the whole source: Casus codes segments, so they become one whole-text segment.
    const whole = kids(node, 'Coding');
    if (whole.length > 0 && st.text.length > 0) {
      const selGuid = newGuid();
      const codings = whole
        .map((c) => this.readCoding(c, name))
        .filter((c): c is RefiCoding => c !== null);
      if (codings.length > 0) {
        this.report.warnings.push(
          `source "${name}": ${codings.length} coding(s) of the whole source became one segment over the whole text`,
        );
        source.selections.push({ guid: selGuid, start: 0, end: st.text.length, codings });
        this.kinds.set(selGuid, 'selection');
      }
    }
    const original = this.loadOriginal(node.attrs.richTextPath);
    if (original) source.original = original;
    if (this.sink && origin.kind === 'text' && !this.holdTextSources) {
      // Written as it is read; what is kept of it is what later parts may refer to.
      this.sink.source(source);
      this.handedOver.guids.add(guid);
      this.handedOver.segments += source.selections.length;
      for (const sel of source.selections) this.handedOver.codings += sel.codings.length;
      const kept = { ...source, text: '', selections: [], original: undefined };
      if (loaded.path) this.textByPath.set(loaded.path, kept);
      return kept;
    }
    if (loaded.path) this.textByPath.set(loaded.path, source);
    p.textSources.push(source);
    return source;
  }

  private mapSelection(
    st: SourceText,
    r: RawSelection & { node: XNode },
    rule: PositionRule,
    sourceName: string,
  ): RefiTextSelection | null {
    const s = r.node;
    const rawGuid = normGuid(s.attrs.guid) ?? undefined;
    const codingCount = kids(s, 'Coding').length;
    const lost = codingCount > 0 ? ` (its ${codingCount} coding(s) are skipped too)` : '';
    const a = st.map(r.start, rule, 'start');
    const b = st.map(r.end, rule, 'end');
    if (!a || !b) {
      this.skip(
        'selection',
        `in "${sourceName}": positions ${r.start}-${r.end} lie outside the text (length ${st.lengthUnder(rule)})${lost}`,
        rawGuid,
        s.attrs.name,
      );
      return null;
    }
    if (b.offset < a.offset) {
      this.skip(
        'selection',
        `in "${sourceName}": ends (${r.end}) before it starts (${r.start})${lost}`,
        rawGuid,
        s.attrs.name,
      );
      return null;
    }
    if (b.offset === a.offset) {
      this.skip(
        'selection',
        `in "${sourceName}": the selection is empty${lost}`,
        rawGuid,
        s.attrs.name,
      );
      return null;
    }
    const guid = this.guid(s.attrs.guid, 'selection', s.attrs.name);
    if (!guid) return null;
    this.kinds.set(guid, 'selection');
    this.textSelectionGuids.add(rawGuid ?? guid);
    this.collectNoteRefs(s, { guid, kind: 'selection' });
    const codings = kids(s, 'Coding')
      .map((c) => this.readCoding(c, sourceName))
      .filter((c): c is RefiCoding => c !== null);
    return {
      guid,
      ...(s.attrs.name !== undefined ? { name: s.attrs.name } : {}),
      description: kidText(s, 'Description'),
      start: a.offset,
      end: b.offset,
      creatingUser: normGuid(s.attrs.creatingUser) ?? undefined,
      createdAt: s.attrs.creationDateTime,
      modifiedAt: s.attrs.modifiedDateTime,
      codings,
    };
  }

  private readCoding(c: XNode, sourceName: string): RefiCoding | null {
    const codeGuid = normGuid(kid(c, 'CodeRef')?.attrs.targetGUID);
    const rawGuid = normGuid(c.attrs.guid) ?? undefined;
    if (!codeGuid || !this.codeGuids.has(codeGuid)) {
      this.skip(
        'coding',
        `in "${sourceName}": refers to code ${codeGuid ?? '(none)'}, which is not in the code book`,
        rawGuid,
      );
      return null;
    }
    const guid = this.guid(c.attrs.guid, 'coding');
    if (!guid) return null;
    this.kinds.set(guid, 'coding');
    this.collectNoteRefs(c, { guid, kind: 'coding' });
    return {
      guid,
      codeGuid,
      creatingUser: normGuid(c.attrs.creatingUser) ?? undefined,
      createdAt: c.attrs.creationDateTime,
    };
  }

  private skipRegions(nodes: readonly XNode[], what: string, sourceName: string): void {
    for (const s of nodes) {
      const g = normGuid(s.attrs.guid);
      if (g && this.textSelectionGuids.has(g)) continue; // imported through its text twin
      const n = kids(s, 'Coding').length;
      this.skip(
        'selection',
        `in "${sourceName}": ${what} cannot be imported as text${n > 0 ? ` (its ${n} coding(s) are skipped too)` : ''}`,
        g ?? undefined,
        s.attrs.name,
      );
    }
  }

  private readPdf(p: RefiProject, node: XNode): void {
    const guid = normGuid(node.attrs.guid) ?? newGuid();
    const name = node.attrs.name ?? 'PDF';
    const rep = kid(node, 'Representation');
    const textGuids: Guid[] = [];
    if (rep) {
      const t = this.readTextSource(
        p,
        rep,
        { kind: 'pdf-representation', parentGuid: guid },
        { name },
      );
      if (t) {
        textGuids.push(t.guid);
        // The PDF's own notes, variables and codings belong to the text we keep.
        this.collectNoteRefs(node, { guid: t.guid, kind: 'source' });
        t.variableValues.push(...this.readVariableValues(node, `source "${name}"`));
        this.aliases.set(guid, t.guid);
      }
    } else {
      this.skip(
        'source',
        'PDF without a plain-text representation; Casus imports text only',
        guid,
        name,
      );
    }
    this.skipRegions(kids(node, 'PDFSelection'), 'a PDF area selection (page region)', name);
    if (!rep && kids(node, 'Coding').length > 0) {
      this.skip(
        'coding',
        `${kids(node, 'Coding').length} coding(s) of the whole PDF skipped`,
        guid,
        name,
      );
    }
    p.mediaSources.push({
      guid,
      kind: 'pdf',
      name,
      description: kidText(node, 'Description'),
      path: node.attrs.path,
      textSourceGuids: textGuids,
    });
  }

  private readPicture(p: RefiProject, node: XNode): void {
    const guid = normGuid(node.attrs.guid) ?? newGuid();
    const name = node.attrs.name ?? 'Picture';
    const n = kids(node, 'PictureSelection').length;
    this.skip(
      'source',
      `pictures are not supported; Casus imports text only${n > 0 ? ` (${n} picture selection(s) skipped)` : ''}`,
      guid,
      name,
    );
    p.mediaSources.push({
      guid,
      kind: 'picture',
      name,
      description: kidText(node, 'Description'),
      path: node.attrs.path,
      textSourceGuids: [],
    });
  }

  private readMedia(p: RefiProject, node: XNode, kind: 'audio' | 'video'): void {
    const guid = normGuid(node.attrs.guid) ?? newGuid();
    const name = node.attrs.name ?? kind;
    const textGuids: Guid[] = [];
    const transcripts = kids(node, 'Transcript');
    for (const t of transcripts) {
      const sync = new Map<Guid, number>();
      const timed: RefiSyncPoint[] = [];
      for (const sp of kids(t, 'SyncPoint')) {
        const g = normGuid(sp.attrs.guid);
        if (g && sp.attrs.position !== undefined) sync.set(g, Number(sp.attrs.position));
        if (g && sp.attrs.position !== undefined && sp.attrs.timeStamp !== undefined)
          timed.push({
            guid: g,
            position: Number(sp.attrs.position),
            timeMs: Number(sp.attrs.timeStamp),
          });
      }
      const src = this.readTextSource(
        p,
        t,
        { kind: 'transcript', parentGuid: guid, media: kind },
        {
          name: t.attrs.name ?? `${name} (transcript)`,
          extraSelections: kids(t, 'TranscriptSelection'),
          syncPoints: sync,
        },
      );
      if (src && !textGuids.includes(src.guid)) {
        textGuids.push(src.guid);
        // The first transcript keeps the recording: its times, and the file when it is inside.
        if (textGuids.length === 1)
          src.recording = {
            guid,
            kind,
            name,
            path: node.attrs.path,
            bytes: this.loadInternal(node.attrs.path),
            syncPoints: timed,
          };
        if (src.variableValues.length === 0)
          src.variableValues = this.readVariableValues(node, `source "${src.name}"`);
      }
    }
    if (transcripts.length === 0) {
      this.skip('source', `${kind} without a transcript; Casus imports text only`, guid, name);
    }
    if (textGuids[0]) {
      this.aliases.set(guid, textGuids[0]);
      this.collectNoteRefs(node, { guid: textGuids[0], kind: 'source' });
    }
    this.skipRegions(
      kids(node, kind === 'audio' ? 'AudioSelection' : 'VideoSelection'),
      `a ${kind} time selection`,
      name,
    );
    p.mediaSources.push({
      guid,
      kind,
      name,
      description: kidText(node, 'Description'),
      path: node.attrs.path,
      textSourceGuids: textGuids,
    });
  }

  private readNote(p: RefiProject, n: XNode): void {
    const name = n.attrs.name ?? '';
    const loaded = this.loadText(n);
    const text = 'missing' in loaded ? '' : new SourceText(loaded.raw).text;
    if ('missing' in loaded && kid(n, 'Description') === undefined) {
      this.skip(
        'note',
        `not imported: ${loaded.missing}`,
        normGuid(n.attrs.guid) ?? undefined,
        name,
      );
      return;
    }
    const guid = this.guid(n.attrs.guid, 'note', name);
    if (!guid) return;
    this.kinds.set(guid, 'note');
    const sel = kids(n, 'PlainTextSelection').length;
    if (sel > 0)
      this.skip(
        'selection',
        `${sel} selection(s) inside note "${name}" are not supported`,
        guid,
        name,
      );
    p.notes.push({
      guid,
      name,
      description: kidText(n, 'Description'),
      text,
      targets: [],
      creatingUser: normGuid(n.attrs.creatingUser) ?? undefined,
      createdAt: n.attrs.creationDateTime,
      modifiedAt: n.attrs.modifiedDateTime,
    });
  }

  /** A link from or to a note is a note target (ATLAS.ti links memos to quotations this way). */
  private readLink(l: XNode): void {
    const rawOrigin = normGuid(l.attrs.originGUID);
    const rawTarget = normGuid(l.attrs.targetGUID);
    const origin = rawOrigin ? (this.aliases.get(rawOrigin) ?? rawOrigin) : null;
    const target = rawTarget ? (this.aliases.get(rawTarget) ?? rawTarget) : null;
    const oKind = origin ? this.kinds.get(origin) : undefined;
    const tKind = target ? this.kinds.get(target) : undefined;
    const guid = normGuid(l.attrs.guid) ?? undefined;
    if (origin && target && oKind === 'note' && tKind && tKind !== 'note') {
      this.noteRefs.push({ noteGuid: origin, target: { guid: target, kind: tKind } });
    } else if (origin && target && tKind === 'note' && oKind && oKind !== 'note') {
      this.noteRefs.push({ noteGuid: target, target: { guid: origin, kind: oKind } });
    } else {
      const why =
        !oKind || !tKind
          ? 'one of its ends was not imported'
          : 'links between items other than notes are not supported';
      this.skip('link', `link "${l.attrs.name ?? ''}": ${why}`, guid, l.attrs.name);
    }
  }

  private attachNoteRefs(p: RefiProject): void {
    const notes = new Map(p.notes.map((n) => [n.guid, n] as const));
    for (const ref of this.noteRefs) {
      ref.target.guid = this.aliases.get(ref.target.guid) ?? ref.target.guid;
      const note = notes.get(ref.noteGuid);
      if (!note) {
        this.report.warnings.push(`reference to unknown note ${ref.noteGuid} dropped`);
        continue;
      }
      if (ref.target.kind !== 'project' && this.kinds.get(ref.target.guid) !== ref.target.kind) {
        this.report.warnings.push(
          `note "${note.name}": target ${ref.target.guid} was not imported`,
        );
        continue;
      }
      if (!note.targets.some((t) => t.guid === ref.target.guid && t.kind === ref.target.kind)) {
        note.targets.push(ref.target);
      }
    }
  }

  private finishReport(p: RefiProject): void {
    const c = this.report.counts;
    const handed = this.handedOver;
    c.users = p.users.length;
    c.sources = handed.guids.size + p.textSources.length;
    c.segments = handed.segments + p.textSources.reduce((n, s) => n + s.selections.length, 0);
    c.codings =
      handed.codings +
      p.textSources.reduce(
        (n, s) => n + s.selections.reduce((m, sel) => m + sel.codings.length, 0),
        0,
      );
    c.notes = p.notes.length;
    c.cases = p.cases.length;
    c.variables = p.variables.length;
    c.sets = p.sets.length;
    const tally = new Map<PositionRule, number>();
    for (const r of this.report.positionRules) {
      if (!r.ambiguous) tally.set(r.rule, (tally.get(r.rule) ?? 0) + 1);
    }
    let best: PositionRule = 'utf16';
    let bestN = 0;
    for (const [rule, n] of tally) {
      if (n > bestN) {
        best = rule;
        bestN = n;
      }
    }
    this.report.positionRule = best;
    const mixed = tally.size > 1 ? ' (mixed: see the per-source list)' : '';
    const basis = this.forcedRule
      ? ' (stated in the file by Casus)'
      : bestN === 0
        ? ' (all readings agree for this file)'
        : mixed;
    this.report.positionRuleText = `${POSITION_RULE_TEXT[best]}${basis}`;
  }
}

function normColor(c: string | undefined): string | undefined {
  if (!c) return undefined;
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c.trim());
  if (!m) return undefined;
  // Case is kept as written so that Casus colours survive a round trip unchanged.
  const hex = m[1]!;
  return hex.length === 3 ? `#${[...hex].map((h) => h + h).join('')}` : `#${hex}`;
}

function nameFromPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const last = path
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split('/')
    .pop();
  return last ? last.replace(/\.txt$/i, '') : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
