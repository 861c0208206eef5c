import type { ServiceContext } from '../../core/server/context.js';
import type { CommentTarget, Thread } from '../../core/shared/contract/audit.js';
import { CasusError } from '../../core/shared/errors.js';
import { namedCode, resolveNamed } from '../../core/shared/resolve.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  call,
  forAudience,
  intOption,
  langOption,
  listOption,
  saveOutput,
  stringOption,
  table,
  withProject,
  type CliCommand,
  type OptionValues,
} from '../command.js';
import { chooseCoder, codesCoordinate, resolveCases, resolveCodes } from '../resolve.js';

const langOf = (values: OptionValues) => langOption(values, 'en');

const MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A date or date-time as the log's moments: "2026-11-30" (that day, UTC), or a date-time; one
 * without a zone is the user's local time.
 */
export function momentOption(values: OptionValues, name: string): string | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  if (!MOMENT.test(v) || Number.isNaN(new Date(v).getTime()))
    throw new CasusError(
      'invalid_input',
      `--${name} must be a date (2026-11-30) or a date and time (2026-11-30T14:00), not "${v}"`,
    );
  if (v.length === 10) return v;
  return new Date(v).toISOString();
}

/** `--as-of`: what follows reads the project as it was then (read-only). */
export async function travelTo(ctx: ServiceContext, values: OptionValues): Promise<void> {
  const at = momentOption(values, 'as-of');
  if (at !== undefined) await call(ctx, 'history.travel', { at });
}

async function coderIds(ctx: ServiceContext, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const coders = await call(ctx, 'coders.list', {});
  return names.map((name) => {
    const c = coders.find((x) => x.id === name || x.name.toLowerCase() === name.toLowerCase());
    if (!c)
      throw new CasusError(
        'not_found',
        `No coder named "${name}" (known: ${coders.map((x) => x.name).join(', ') || 'none yet'})`,
      );
    return c.id;
  });
}

/** `--on segment:<id>` | `code:<id|key|label>` | `source:<id>` | `cell:<code>[:<code>],<case>`. */
async function targetOf(ctx: ServiceContext, on: string): Promise<CommentTarget> {
  const colon = on.indexOf(':');
  const kind = colon < 0 ? on : on.slice(0, colon);
  const rest = colon < 0 ? '' : on.slice(colon + 1);
  if (!rest)
    throw new CasusError(
      'invalid_input',
      `--on "${on}": name what the comment is on, e.g. segment:<id>, code:<code>, source:<id> or cell:<principle>[:<category>],<case>`,
    );
  switch (kind) {
    case 'segment':
    case 'source':
      return { type: kind, id: rest };
    case 'code': {
      const codes = (await call(ctx, 'codes.tree', {})).map(namedCode);
      return { type: 'code', id: resolveNamed(codes, rest, 'code').id };
    }
    case 'cell': {
      const [row, col] = rest.split(',');
      if (!row || !col)
        throw new CasusError(
          'invalid_input',
          `--on "${on}": a cell is cell:<principle>[:<category>],<case>, e.g. cell:multi-level:institutioneel,foodvalley`,
        );
      const coordinate = await codesCoordinate(ctx, row);
      const [caseId] = await resolveCases(ctx, [col]);
      return { type: 'cell', coordinate: { ...coordinate, case: caseId as string } };
    }
    default:
      throw new CasusError(
        'invalid_input',
        `--on "${on}": "${kind}" is not something to comment on (segment, code, source or cell)`,
      );
  }
}

function threadRows(threads: Thread[], lang: 'nl' | 'en') {
  return threads.map((t) => {
    const last = t.comments[t.comments.length - 1];
    return {
      thread: t.id,
      state: t.resolved ? 'resolved' : 'open',
      on: t.where[lang].replace(/\s+/g, ' ').slice(0, 50),
      comments: t.comments.length,
      last: last ? `${last.author ?? '?'}: ${last.text.replace(/\s+/g, ' ').slice(0, 50)}` : '',
    };
  });
}

export const auditCommands: CliCommand[] = [
  {
    name: 'log',
    usage:
      'casus log <file.casus> [--coder <name> ...] [--since <date>] [--until <date>] [--kind <action prefix> ...] [--case <case>] [--source <id>] [--code <code>] [--limit N] [--json] [--csv <file>|--xlsx <file> [--pseudonymise] [--force]] [--audience team|respondents|public [--hide-cases]] [--lang nl|en]',
    summary:
      'The activity log: who changed what, when, in words, newest first; --csv/--xlsx write the whole audit trail (coders as Coder 1, 2… with --pseudonymise).',
    options: {
      ...AUDIENCE_OPTIONS,
      coder: { type: 'string', multiple: true },
      since: { type: 'string' },
      until: { type: 'string' },
      kind: { type: 'string', multiple: true },
      case: { type: 'string' },
      source: { type: 'string' },
      code: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'string' },
      xlsx: { type: 'string' },
      pseudonymise: { type: 'boolean' },
      force: { type: 'boolean' },
      lang: { type: 'string' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const lang = langOf(values);
        const from = momentOption(values, 'since');
        const to = momentOption(values, 'until');
        const coders = await coderIds(ctx, listOption(values, 'coder'));
        const caseRef = stringOption(values, 'case');
        const codeRef = stringOption(values, 'code');
        const sourceId = stringOption(values, 'source');
        const filter = {
          ...(coders.length ? { coderIds: coders } : {}),
          ...(listOption(values, 'kind').length ? { kinds: listOption(values, 'kind') } : {}),
          ...(caseRef ? { caseId: (await resolveCases(ctx, [caseRef]))[0] as string } : {}),
          ...(codeRef ? { codeId: (await resolveCodes(ctx, [codeRef]))[0] as string } : {}),
          ...(sourceId ? { sourceId } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        };
        const csv = stringOption(values, 'csv');
        const xlsx = stringOption(values, 'xlsx');
        if (csv !== undefined && xlsx !== undefined)
          throw new CasusError('invalid_input', 'Give --csv or --xlsx, not both');
        const out = csv ?? xlsx;
        if (out !== undefined) {
          const file = await call(ctx, 'activity.export', {
            ...filter,
            format: csv !== undefined ? 'csv' : 'xlsx',
            lang,
            pseudonymise: values.pseudonymise === true,
            audience: audienceOption(values),
          });
          io.out(`Wrote ${await saveOutput(ctx, out, Buffer.from(file.base64, 'base64'), values)}`);
          return 0;
        }
        const limit = intOption(values, 'limit') ?? 50;
        if (limit < 1 || limit > 500)
          throw new CasusError('invalid_input', `--limit must be 1 to 500, not ${limit}`);
        // Printed for the audience, as the files are (default respondents).
        const page = await forAudience(
          ctx,
          audienceOption(values),
          await call(ctx, 'activity.list', { ...filter, limit }),
          lang,
        );
        if (values.json) {
          io.out(JSON.stringify(page));
          return 0;
        }
        if (page.entries.length === 0) io.out('(no changes)');
        else
          io.out(
            table(
              page.entries.map((e) => ({
                when: e.at.slice(0, 16).replace('T', ' '),
                who: e.coder ?? '',
                what: e.text[lang],
              })),
              ['when', 'who', 'what'],
            ),
          );
        if (page.next !== null) io.out(`(more: raise --limit or narrow with --since/--until)`);
        return 0;
      }),
  },
  {
    name: 'comment',
    usage:
      'casus comment <file.casus> (--on segment:<id>|code:<code>|source:<id>|cell:<principle>[:<category>],<case> | --reply <thread>) --text <text> [--by <coder>] [--json]',
    summary:
      'Starts a comment thread on a coding, code, source or matrix cell, or answers one; @name mentions a coder.',
    options: {
      on: { type: 'string' },
      reply: { type: 'string' },
      text: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const on = stringOption(values, 'on');
        const reply = stringOption(values, 'reply');
        const text = stringOption(values, 'text');
        if ((on === undefined) === (reply === undefined))
          throw new CasusError(
            'invalid_input',
            'Give --on <target> (a new thread) or --reply <thread> (an answer)',
          );
        if (!text?.trim()) throw new CasusError('invalid_input', 'Missing --text <text>');
        await chooseCoder(ctx, stringOption(values, 'by'));
        const thread = await call(ctx, 'comments.add', {
          ...(on !== undefined ? { target: await targetOf(ctx, on) } : { threadId: reply ?? '' }),
          text,
        });
        if (values.json) io.out(JSON.stringify(thread));
        else io.out(`Thread ${thread.id} on ${thread.where[langOf(values)]}`);
        return 0;
      }),
  },
  {
    name: 'comments',
    usage:
      'casus comments <file.casus> [--open] [--inbox <coder>] [--resolve <thread> | --reopen <thread>] [--by <coder>] [--json] [--lang nl|en] [--audience team|respondents|public [--hide-cases]]',
    summary:
      "Comment threads, open ones first; --inbox: a coder's (mentioning them or on their codings); --resolve/--reopen a thread.",
    options: {
      open: { type: 'boolean' },
      inbox: { type: 'string' },
      resolve: { type: 'string' },
      reopen: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
      ...AUDIENCE_OPTIONS,
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const lang = langOf(values);
        const resolve = stringOption(values, 'resolve');
        const reopen = stringOption(values, 'reopen');
        if (resolve !== undefined || reopen !== undefined) {
          await chooseCoder(ctx, stringOption(values, 'by'));
          const t = await call(ctx, 'comments.resolve', {
            threadId: resolve ?? reopen ?? '',
            resolved: resolve !== undefined,
          });
          if (values.json) io.out(JSON.stringify(t));
          else io.out(`Thread ${t.id} ${t.resolved ? 'resolved' : 'reopened'}`);
          return 0;
        }
        const inbox = stringOption(values, 'inbox');
        let threads = inbox
          ? await call(ctx, 'comments.inbox', { coderId: (await coderIds(ctx, [inbox]))[0] })
          : await call(ctx, 'comments.list', values.open ? { open: true } : {});
        if (inbox && values.open) threads = threads.filter((t) => !t.resolved);
        // Comments quote and name the project: printed for the audience (default respondents).
        threads = await forAudience(ctx, audienceOption(values), threads, lang);
        if (values.json) io.out(JSON.stringify(threads));
        else if (threads.length === 0) io.out('(no comments)');
        else
          io.out(table(threadRows(threads, lang), ['thread', 'state', 'on', 'comments', 'last']));
        return 0;
      }),
  },
  {
    name: 'review-segment',
    usage:
      'casus review-segment <file.casus> <segment id> ok|questioned|settled|unreviewed [--comment <text>] [--by <coder>] [--json]',
    summary:
      "Sets a coded segment's review state; questioning it needs a --comment (it starts a thread).",
    options: {
      comment: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const [, segmentId, state] = positionals;
        const states = ['unreviewed', 'ok', 'questioned', 'settled'] as const;
        const known = states.find((s) => s === state);
        if (!segmentId || !known)
          throw new CasusError(
            'invalid_input',
            `Give the segment's id and its state (${states.join(', ')})${state ? `, not "${state}"` : ''}`,
          );
        await chooseCoder(ctx, stringOption(values, 'by'));
        const comment = stringOption(values, 'comment');
        const r = await call(ctx, 'segments.review', {
          segmentId,
          state: known,
          ...(comment !== undefined ? { comment } : {}),
        });
        if (values.json) io.out(JSON.stringify(r));
        else io.out(`Segment ${r.segmentId}: ${r.state}`);
        return 0;
      }),
  },
];
