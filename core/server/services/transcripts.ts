import type { Reader, Writer } from '../../../db/access.js';
import { coderById } from '../../../db/repo/coders.js';
import {
  respondentById,
  respondentHasRealName,
  updateRespondent,
} from '../../../db/repo/respondents.js';
import { insertSource, sourceRow, sourceWithFile } from '../../../db/repo/sources.js';
import { insertTurns, turnsOf, type TurnWithBlock } from '../../../db/repo/transcripts.js';
import type {
  SpeakerMapping,
  SpeakerRole,
  Turn,
  transcriptsContract,
} from '../../shared/contract/transcripts.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';
import { codeRange } from '../domain/segments.js';
import type { HandlersFor } from '../handlers.js';
import { ImportError } from '../import/errors.js';
import type { ParsedTranscript } from '../import/transcript/types.js';
import { parseTranscriptInWorker } from '../import/worker.js';
import {
  composeTranscript,
  labelSpeakers,
  withoutNames,
  type MappedSpeaker,
  type SpeakerIdentity,
} from '../transcripts/compose.js';
import {
  checkCase,
  documentTypeKey,
  importHandlers,
  readInput,
  resolveRespondent,
  sha256,
  summary,
} from './import.js';

async function parse(
  bytes: Uint8Array,
  fileName: string,
): Promise<ParsedTranscript | null | ImportError> {
  try {
    return await parseTranscriptInWorker(bytes, fileName);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
}

/** Thrown inside the import's action to roll it back when the transcript is there already. */
class DuplicateTranscript extends Error {
  constructor(readonly existing: { id: string; title: string }) {
    super(`already imported as "${existing.title}"`);
  }
}

const refused = (e: ImportError) => ({
  status: 'failed' as const,
  fileName: e.fileName,
  reason: e.reason,
  message: e.message,
});

/** What the file says is no transcript, for a caller that asked to refuse such files. */
const noTranscript = (fileName: string) =>
  new ImportError(
    'unsupported',
    fileName,
    'no speaker lines with times were found: not a Teams or Zoom transcript',
  );

/**
 * The name Teams gives a guest or a second device ("Jan (Gast)", "Jan (Guest)") is the same
 * person: the register keeps the name without it.
 */
const realNameOf = (name: string) =>
  name.replace(/\s*\((gast|guest|extern|external)\)\s*$/i, '').trim();

/** Every assignment must name a speaker the file has: a typo must not pass silently. */
function checkAssignments(found: readonly string[], assignments: readonly SpeakerMapping[]) {
  const seen = new Set<string>();
  for (const a of assignments) {
    if (!found.includes(a.name)) {
      throw new CasusError(
        'invalid_input',
        `No speaker "${a.name}" in the transcript; its speakers are: ${found.map((n) => `"${n}"`).join(', ')}`,
      );
    }
    if (seen.has(a.name))
      throw new CasusError('invalid_input', `Speaker "${a.name}" is mapped twice`);
    seen.add(a.name);
  }
}

interface Resolved {
  name: string;
  identity: SpeakerIdentity;
}

/** Finds or creates the people of the mapping inside the import's transaction. */
function resolveSpeakers(
  w: Writer,
  found: readonly string[],
  assignments: readonly SpeakerMapping[],
  style: 'role' | 'name',
  caseId: string | null,
): Resolved[] {
  const byName = new Map(assignments.map((a) => [a.name, a]));
  return found.map((name) => {
    const a = byName.get(name);
    if (!a) return { name, identity: { role: 'other', ref: null, preferred: null } };
    if (a.as === 'interviewer') {
      const coderId = a.coderId ?? null;
      const coder = coderId === null ? undefined : coderById(w, coderId);
      if (coderId !== null && !coder)
        throw new CasusError('not_found', `No coder with id ${coderId}`);
      return {
        name,
        identity: {
          role: 'interviewer',
          ref: coderId,
          preferred: style === 'name' && coder ? coder.name : null,
        },
      };
    }
    if (a.as === 'respondent') {
      const id = resolveRespondent(w, a.respondent, caseId);
      const respondent = respondentById(w, id);
      // The real name goes to the confidential register only, and never over one the team set.
      const real = realNameOf(name);
      if (real !== '' && !respondentHasRealName(w, id))
        updateRespondent(w, id, { real_name: real });
      return {
        name,
        identity: {
          role: 'respondent',
          ref: id,
          preferred: style === 'name' && respondent ? respondent.pseudonym : null,
        },
      };
    }
    return { name, identity: { role: 'other', ref: null, preferred: a.label ?? null } };
  });
}

const GENERIC_NAME = /^(index|document|download|untitled|naamloos|transcript|\d+)$/i;

function defaultTitle(fileName: string): string {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .trim();
  return (base === '' || GENERIC_NAME.test(base) ? 'Transcript' : base)
    .normalize('NFC')
    .slice(0, 500);
}

function toTurn(t: TurnWithBlock): Turn {
  return {
    block: t.block,
    start: t.start,
    end: t.end,
    wordsStart: t.words_start,
    wordsEnd: t.words_end,
    startMs: t.start_ms,
    endMs: t.end_ms,
    speaker: t.speaker_label,
    role: t.speaker_role,
    ref: t.speaker_ref,
  };
}

function speakersOfTurns(turns: readonly Turn[]) {
  const by = new Map<
    string,
    { label: string; role: SpeakerRole; ref: string | null; turns: number }
  >();
  for (const t of turns) {
    const s = by.get(t.speaker);
    if (s) s.turns++;
    else by.set(t.speaker, { label: t.speaker, role: t.role, ref: t.ref, turns: 1 });
  }
  return [...by.values()];
}

function requireSource(r: Reader, id: string) {
  const s = sourceRow(r, id);
  if (!s) throw new CasusError('not_found', `No source with id ${id}`);
  return s;
}

export const transcriptsHandlers: HandlersFor<typeof transcriptsContract> = {
  'transcripts.inspect': async ({ file }, ctx) => {
    const bytes = await readInput(ctx, file);
    const t = bytes instanceof ImportError ? bytes : await parse(bytes, file.fileName);
    if (t instanceof ImportError) return refused(t);
    if (t === null) return { status: 'document' as const, fileName: file.fileName };
    return {
      status: 'transcript' as const,
      fileName: file.fileName,
      format: t.format,
      turns: t.turns.length,
      durationMs: t.durationMs,
      speakers: t.speakers,
      warnings: t.warnings,
    };
  },

  'transcripts.import': async (input, ctx) => {
    const r = ctx.read();
    const { fileName } = input.file;
    checkCase(r, input.caseId);
    const documentType = documentTypeKey(r, input.documentType);
    const bytes = await readInput(ctx, input.file);
    if (bytes instanceof ImportError) return refused(bytes);
    const duplicate = (existing: { id: string; title: string }) => ({
      status: 'duplicate' as const,
      fileName,
      existing,
      message: `${fileName}: skipped, the same transcript is already in the project as "${existing.title}"`,
    });
    const parsed = await parse(bytes, fileName);
    if (parsed instanceof ImportError) return refused(parsed);
    if (parsed === null) {
      if (input.fallback === 'refuse') return refused(noTranscript(fileName));
      const doc = await importHandlers['import.file'](input, ctx);
      return doc.status === 'imported' ? { ...doc, turns: 0, speakers: [], asDocument: true } : doc;
    }
    const found = parsed.speakers.map((s) => s.name);
    checkAssignments(found, input.speakers);
    const id = newId();
    let outcome: { mapped: Map<string, MappedSpeaker>; turns: number };
    try {
      outcome = ctx.action('transcripts.import', (w) => {
        checkCase(w, input.caseId);
        const resolved = resolveSpeakers(w, found, input.speakers, input.labels, input.caseId);
        const identities = new Map(resolved.map((x) => [x.name, x.identity]));
        const mapped = labelSpeakers(found, (name) => identities.get(name)!);
        const content = composeTranscript(parsed.turns, mapped, { timestamps: input.timestamps });
        // The source's respondent: the one given, else the only respondent among the speakers.
        const single = new Set(
          resolved.filter((x) => x.identity.role === 'respondent').map((x) => x.identity.ref),
        );
        const respondentId = input.respondent
          ? resolveRespondent(w, input.respondent, input.caseId)
          : single.size === 1
            ? [...single][0]!
            : null;
        const kind = input.kind ?? 'interview';
        // The source keeps the stored text as its "original": the file itself holds the real
        // names, which belong in the confidential register only. So a duplicate is the same
        // transcript as stored (the same file mapped the same way); finding one undoes the
        // respondents this action made.
        const stored = new TextEncoder().encode(content.text);
        const hash = sha256(stored);
        const again = sourceWithFile(w, hash);
        if (again) throw new DuplicateTranscript(again);
        insertSource(
          w,
          {
            id,
            caseId: input.caseId,
            title: withoutNames(input.title ?? defaultTitle(fileName), mapped),
            kind,
            documentType,
            date: input.date,
            respondentId,
            validation: kind === 'interview' ? (input.validation ?? 'draft') : null,
            originalName: withoutNames(fileName, mapped),
            sha256: hash,
            textSha256: sha256(content.text),
            originalBytes: stored,
            createdAt: now(),
            createdBy: ctx.coderId(),
          },
          content,
        );
        insertTurns(
          w,
          content.turns.map((t) => ({ ...t, source_id: id })),
        );
        return { mapped, turns: content.turns.length };
      });
    } catch (e) {
      if (e instanceof DuplicateTranscript) return duplicate(e.existing);
      throw e;
    }
    const { mapped, turns } = outcome;
    return {
      status: 'imported' as const,
      fileName,
      source: summary(ctx.read(), id),
      blocks: turns,
      warnings: parsed.warnings,
      turns,
      speakers: parsed.speakers.map((s) => {
        const m: MappedSpeaker = mapped.get(s.name)!;
        return { name: s.name, label: m.label, role: m.role, turns: s.turns };
      }),
      asDocument: false,
    };
  },

  'transcripts.turns': ({ sourceId }, ctx) => {
    const r = ctx.read();
    requireSource(r, sourceId);
    const turns = turnsOf(r, sourceId).map(toTurn);
    return { sourceId, turns, speakers: speakersOfTurns(turns) };
  },

  'transcripts.codeSpeaker': ({ sourceId, speaker, codeIds }, ctx) =>
    // One action: undo takes every segment and coding this made away together.
    ctx.action('transcripts.codeSpeaker', (w) => {
      const source = requireSource(w, sourceId);
      const turns = turnsOf(w, sourceId).filter((t) => t.speaker_label === speaker);
      if (turns.length === 0) {
        const labels = [...new Set(turnsOf(w, sourceId).map((t) => t.speaker_label))];
        throw new CasusError(
          labels.length ? 'invalid_input' : 'not_found',
          labels.length
            ? `"${source.title}" has no speaker "${speaker}"; its speakers are: ${labels.join(', ')}`
            : `"${source.title}" is no transcript: it has no speaker turns`,
        );
      }
      const segmentIds: string[] = [];
      let codingsAdded = 0;
      for (const t of turns) {
        if (t.words_end <= t.words_start) continue;
        const { segment, added } = codeRange(w, {
          sourceId,
          start: t.words_start,
          end: t.words_end,
          codeIds,
          coderId: ctx.coderId(),
        });
        segmentIds.push(segment.id);
        codingsAdded += added.length;
      }
      return { segmentIds, codingsAdded };
    }),
};
