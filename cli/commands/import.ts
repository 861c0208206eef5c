import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ServiceContext } from '../../core/server/context.js';
import type { RespondentChoice } from '../../core/shared/contract/import.js';
import type { SpeakerAssignment } from '../../core/shared/contract/transcripts.js';
import { CasusError } from '../../core/shared/errors.js';
import { formatTime } from '../../core/shared/transcripts/times.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  call,
  forAudience,
  stringOption,
  withProject,
  type CliCommand,
  type CliIO,
  type OptionValues,
} from '../command.js';
import { resolveCases } from '../resolve.js';

type JsonResult =
  | {
      file: string;
      ok: true;
      id: string;
      title: string;
      characters: number;
      blocks: number;
      duplicate?: true;
      /** A transcript: its turns, and its speakers with the labels they got. */
      turns?: number;
      speakers?: { name: string; label: string; role: string; turns: number }[];
      /** The recording attached with --media. */
      media?: { fileName: string; sha256: string; size: number; state: string };
    }
  | { file: string; ok: false; error: string; reason?: string };

/** The service reuses a respondent by pseudonym and needs the role only to create one. */
function respondentChoice(
  pseudonym: string | undefined,
  role: string | undefined,
  speakerRespondent = false,
): RespondentChoice | null {
  if (!pseudonym) {
    if (role && !speakerRespondent)
      throw new CasusError(
        'invalid_input',
        '--role needs --respondent <pseudonym> or --speaker "Name=respondent:<pseudonym>"',
      );
    return null;
  }
  return role ? { pseudonym, role, organisation: '' } : { pseudonym, organisation: '' };
}

/** Transcripts: captions always, documents when they hold a Teams or Zoom transcript. */
const TRANSCRIPT_EXTENSIONS = ['vtt', 'srt'];
const MAYBE_TRANSCRIPT = ['docx', 'txt'];
const extensionOf = (file: string) => /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';

/**
 * `--speaker "Name=interviewer"`, `"Name=respondent:FV-R3"` (with --role to create FV-R3) or
 * `"Name=other"` / `"Name=other:Tolk"`. Speakers not given become others (S1, S2…).
 */
export function parseSpeaker(value: string, role: string | undefined): SpeakerAssignment {
  const at = value.lastIndexOf('=');
  const name = value.slice(0, at).trim();
  const [as = '', ...rest] = value.slice(at + 1).split(':');
  const detail = rest.join(':').trim();
  if (at <= 0 || name === '')
    throw new CasusError('invalid_input', `--speaker "${value}": write it as "Name=role"`);
  if (as === 'interviewer' && detail === '') return { name, as: 'interviewer' };
  if (as === 'respondent' && detail !== '')
    return {
      name,
      as: 'respondent',
      respondent: role ? { pseudonym: detail, role } : { pseudonym: detail },
    };
  if (as === 'other') return detail ? { name, as: 'other', label: detail } : { name, as: 'other' };
  throw new CasusError(
    'invalid_input',
    `--speaker "${value}": use Name=interviewer, Name=respondent:<pseudonym> or Name=other[:label]`,
  );
}

/** Options that describe a new source: a new version takes them from the one it replaces. */
const NEW_SOURCE_OPTIONS = ['case', 'type', 'respondent', 'role', 'date'] as const;

/**
 * `casus import <project> <file> --new-version-of <id>`: the file replaces the source, its coded
 * segments re-anchored by their text. Refused (exit 1) when segments would be left behind,
 * unless --allow-unanchored; --dry-run only reports.
 */
async function importNewVersion(
  ctx: ServiceContext,
  sourceId: string,
  files: string[],
  values: OptionValues,
  io: CliIO,
): Promise<number> {
  if (files.length !== 1) {
    throw new CasusError(
      'invalid_input',
      `--new-version-of takes exactly one file, not ${files.length}`,
    );
  }
  const given = NEW_SOURCE_OPTIONS.filter((o) => values[o] !== undefined);
  if (given.length > 0) {
    throw new CasusError(
      'invalid_input',
      `--new-version-of keeps the metadata of the source it replaces: leave out ${given.map((o) => `--${o}`).join(', ')} (edit metadata afterwards)`,
    );
  }
  const file = files[0]!;
  const r = await call(ctx, 'import.newVersion', {
    sourceId,
    file: { fileName: basename(file), path: resolve(file) },
    dryRun: values['dry-run'] === true,
    allowUnanchored: values['allow-unanchored'] === true,
  });
  if (values.json) io.out(JSON.stringify(r));
  else {
    const lines = [r.message];
    if (r.source) lines.push(`new version: ${r.source.id} (previous: ${r.previousId})`);
    if (r.unanchored.length > 0) {
      lines.push(
        r.status === 'imported'
          ? 'Left on the previous version (their text is not in the new one):'
          : 'Not re-anchored (their text is not in the new version):',
      );
      for (const u of r.unanchored) {
        lines.push(
          `  ${u.segmentId} [${u.start}-${u.end}] ${JSON.stringify(u.text)}` +
            (u.codes.length > 0 ? ` — ${u.codes.join(', ')}` : ''),
        );
      }
    }
    io.out(lines.join('\n'));
  }
  return r.status === 'refused' ? 1 : 0;
}

export const importCommands: CliCommand[] = [
  {
    name: 'import',
    usage:
      'casus import <project.casus> <files...> --case <case> [--type <document-type>] ' +
      '[--respondent <pseudonym> --role <role>] [--date YYYY-MM-DD] ' +
      '[--speaker "Name=interviewer" --speaker "Name=respondent:<pseudonym>" ...] ' +
      '[--timestamps] [--media <recording>] [--json]\n' +
      '  casus import <project.casus> <file> --new-version-of <source-id> [--dry-run] ' +
      '[--allow-unanchored] [--json]',
    summary:
      'Import documents (docx, pdf, odt, rtf, html, txt, md) into a case; exits 1 if any failed. ' +
      'Transcripts (vtt, srt, and Teams/Zoom transcripts as docx or txt) become speaker turns, ' +
      'their speakers named in the text by --speaker (others become S1, S2…; a respondent ' +
      "speaker's name goes to the confidential register only). " +
      '--media attaches the recording (m4a, mp3, wav, mp4, webm) to the one transcript imported; ' +
      'it is stored beside the project (<project>.casus-media/). ' +
      'With --new-version-of: import a changed version of a source, re-anchoring its coded ' +
      'segments by their text; lists those that cannot be, and exits 1 (importing nothing) ' +
      'when there are any, unless --allow-unanchored keeps them on the previous version. ' +
      '--dry-run only reports.',
    options: {
      case: { type: 'string' },
      type: { type: 'string' },
      respondent: { type: 'string' },
      role: { type: 'string' },
      date: { type: 'string' },
      speaker: { type: 'string', multiple: true },
      timestamps: { type: 'boolean' },
      media: { type: 'string' },
      'new-version-of': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'allow-unanchored': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const files = positionals.slice(1);
        const replaces = stringOption(values, 'new-version-of');
        if (replaces !== undefined) return importNewVersion(ctx, replaces, files, values, io);
        for (const o of ['dry-run', 'allow-unanchored'] as const) {
          if (values[o] !== undefined)
            throw new CasusError('invalid_input', `--${o} goes with --new-version-of <source-id>`);
        }
        if (files.length === 0)
          throw new CasusError('invalid_input', 'Missing the files to import');
        const caseRef = stringOption(values, 'case');
        if (!caseRef) throw new CasusError('invalid_input', 'Missing --case <case id or name>');
        const [caseId = null] = await resolveCases(ctx, [caseRef]);
        const date = stringOption(values, 'date');
        const media = stringOption(values, 'media');
        if (media !== undefined && files.length !== 1)
          throw new CasusError('invalid_input', '--media goes with one transcript file');
        // Checked before the import, so a mistyped path does not leave a transcript without it.
        if (media !== undefined && !existsSync(resolve(media)))
          throw new CasusError('not_found', `--media: no such file (${resolve(media)})`);
        const speakerValues = Array.isArray(values.speaker)
          ? values.speaker.filter((v): v is string => typeof v === 'string')
          : [];
        const speakers = speakerValues.map((v) => parseSpeaker(v, stringOption(values, 'role')));
        const respondent = respondentChoice(
          stringOption(values, 'respondent'),
          stringOption(values, 'role'),
          speakers.some((s) => s.as === 'respondent'),
        );
        const results: JsonResult[] = [];
        for (const [i, file] of files.entries()) {
          const fileName = basename(file);
          let entry: JsonResult;
          try {
            const input = {
              file: { fileName, path: resolve(file) },
              caseId,
              documentType: stringOption(values, 'type') ?? 'other',
              respondent,
              ...(date ? { date } : {}),
            };
            const ext = extensionOf(fileName);
            const transcript =
              TRANSCRIPT_EXTENSIONS.includes(ext) || MAYBE_TRANSCRIPT.includes(ext);
            let spoken: Pick<Extract<JsonResult, { ok: true }>, 'turns' | 'speakers'> = {};
            let r;
            if (transcript) {
              const t = await call(ctx, 'transcripts.import', {
                ...input,
                speakers,
                timestamps: values.timestamps === true,
                // A .docx or .txt that is no transcript is an ordinary document.
                fallback: TRANSCRIPT_EXTENSIONS.includes(ext) ? 'refuse' : 'document',
              });
              if (t.status === 'imported' && !t.asDocument)
                spoken = { turns: t.turns, speakers: t.speakers };
              r = t;
            } else r = await call(ctx, 'import.file', input);
            if (r.status === 'imported') {
              entry = {
                file,
                ok: true,
                id: r.source.id,
                title: r.source.title,
                characters: r.source.characters,
                blocks: r.blocks,
                ...spoken,
              };
            } else if (r.status === 'duplicate') {
              const existing = await call(ctx, 'sources.get', { id: r.existing.id });
              entry = {
                file,
                ok: true,
                duplicate: true,
                id: existing.id,
                title: existing.title,
                characters: existing.characters,
                blocks: existing.blocks.length,
              };
            } else {
              entry = { file, ok: false, reason: r.reason, error: r.message };
            }
            if (media !== undefined && entry.ok) {
              if (!transcript || (r.status === 'imported' && !spoken.speakers))
                throw new CasusError('invalid_input', `--media: ${file} is no transcript`);
              const m = await call(ctx, 'media.attach', {
                sourceId: entry.id,
                file: { fileName: basename(media), path: resolve(media) },
              });
              entry.media = {
                fileName: m.fileName,
                sha256: m.sha256,
                size: m.size,
                state: m.state,
              };
            }
          } catch (e) {
            // A metadata error (unknown type or role) is the same for every file: stop.
            if (e instanceof CasusError && e.code === 'invalid_input') throw e;
            entry = { file, ok: false, error: e instanceof Error ? e.message : String(e) };
          }
          results.push(entry);
          if (!values.json) {
            const n = `[${i + 1}/${files.length}]`;
            io.out(
              entry.ok
                ? `${n} ${entry.duplicate ? 'skipped (already imported)' : 'imported'}: ${file} → ${entry.id} "${entry.title}" (${entry.characters} characters, ${entry.blocks} blocks)` +
                    (entry.speakers
                      ? `; ${entry.turns} turns: ${entry.speakers.map((s) => `${s.label} (${s.role}, ${s.turns})`).join(', ')}`
                      : '') +
                    (entry.media ? `; recording ${entry.media.fileName} attached` : '')
                : `${n} failed: ${entry.error}`,
            );
          }
        }
        const failures = results.filter((r) => !r.ok).length;
        if (values.json) io.out(JSON.stringify({ results }));
        else {
          const dups = results.filter((r) => r.ok && r.duplicate).length;
          io.out(
            `${results.length - failures - dups} imported, ${dups} skipped as duplicate, ${failures} failed`,
          );
        }
        return failures > 0 ? 1 : 0;
      }),
  },
  {
    name: 'source',
    usage:
      'casus source <project.casus> <source-id> [--text | --turns] [--json] [--audience team|respondents|public [--hide-cases]]',
    summary:
      'Show a source: its metadata, or with --text its plain text, or with ' +
      '--turns the speaker turns of a transcript (speaker, start, end, text offsets). Printed ' +
      'for an audience (default respondents: the register applied); --audience team prints the ' +
      'text exactly as stored (the offsets casus code takes).',
    options: {
      text: { type: 'boolean' },
      turns: { type: 'boolean' },
      json: { type: 'boolean' },
      ...AUDIENCE_OPTIONS,
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const id = positionals[1];
        if (!id) throw new CasusError('invalid_input', 'Missing the source id');
        const audience = audienceOption(values);
        if (values.turns) {
          const { turns, speakers } = await forAudience(
            ctx,
            audience,
            await call(ctx, 'transcripts.turns', { sourceId: id }),
          );
          if (values.json) io.out(JSON.stringify({ sourceId: id, turns, speakers }));
          else if (turns.length === 0) io.out('No speaker turns: the source is no transcript');
          else
            io.out(
              turns
                .map(
                  (t) =>
                    `${formatTime(t.startMs)}–${formatTime(t.endMs)} ${t.speaker} [${t.wordsStart}-${t.wordsEnd}]`,
                )
                .join('\n'),
            );
          return 0;
        }
        const stored = await call(ctx, 'sources.get', { id });
        const s = await forAudience(ctx, audience, stored);
        // Offsets into a replaced text are not the stored ones: say so where it matters.
        if (values.text && s.text !== stored.text)
          io.err(
            `casus: note: the register was applied for ${audience.kind}; offsets differ from the stored text (--audience team prints it as stored)`,
          );
        if (values.text) io.out(s.text);
        else if (values.json) io.out(JSON.stringify(s));
        else {
          io.out(
            [
              `${s.title} (${s.id})`,
              `file: ${s.originalName}`,
              `kind: ${s.kind}, type: ${s.documentType}${s.date ? `, date: ${s.date}` : ''}`,
              s.respondentPseudonym
                ? `respondent: ${s.respondentPseudonym} (${s.respondentRole ?? ''})`
                : null,
              s.validation ? `validation: ${s.validation}` : null,
              `${s.characters} characters, ${s.blocks.length} blocks, ${s.segmentCount} segments`,
            ]
              .filter((l): l is string => l !== null)
              .join('\n'),
          );
        }
        return 0;
      }),
  },
];
