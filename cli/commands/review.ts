import type { ServiceContext } from '../../core/server/context.js';
import {
  FOLLOW_UP_STATES,
  REMARK_TAGS,
  REVEAL_MODES,
  type FollowUpState,
  type RemarkTag,
  type RevealMode,
} from '../../core/shared/contract/review.js';
import { CasusError } from '../../core/shared/errors.js';
import { resolveNamed } from '../../core/shared/resolve.js';
import {
  audienceOption,
  call,
  forAudience,
  intOption,
  saveOutput,
  stringOption,
  table,
  withProject,
  type CliCommand,
  type OptionValues,
} from '../command.js';

const SUBCOMMANDS = ['list', 'new', 'add-item', 'remark', 'minutes', 'followups'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const need = (values: OptionValues, name: string, sub: string): string => {
  const v = stringOption(values, name);
  if (!v) throw new CasusError('invalid_input', `casus review ${sub} needs --${name}`);
  return v;
};

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new CasusError(
      'invalid_input',
      `--${option} must be one of ${allowed.join(', ')}, not "${value}"`,
    );
  return value as T;
}

/** "row,col": a cell by its row and column (ids, keys or labels; a split row as a:b). */
function parseCell(value: string): { row: string; col: string } {
  const i = value.indexOf(',');
  const row = value.slice(0, i).trim();
  const col = value.slice(i + 1).trim();
  if (i < 0 || !row || !col)
    throw new CasusError(
      'invalid_input',
      `--cell "${value}": give the row and the column as row,col (e.g. multi-level:institutioneel,achterhoek)`,
    );
  return { row, col };
}

/** A session by id or title. */
async function sessionId(ctx: ServiceContext, ref: string): Promise<string> {
  const sessions = await call(ctx, 'review.sessions.list', {});
  return resolveNamed(
    sessions.map((s) => ({ id: s.id, names: [s.title], display: `${s.id} ("${s.title}")` })),
    ref,
    'review session',
  ).id;
}

const today = () => new Date().toISOString().slice(0, 10);

export const reviewCommands: CliCommand[] = [
  {
    name: 'review',
    usage: [
      'casus review <p> [--json]  (the sessions)',
      '  casus review new <p> --title <title> [--date YYYY-MM-DD] [--json]',
      '  casus review add-item <p> --session <id|title> --matrix <saved-matrix-id|name|framework> [--row <row>] [--cell <row>,<col>] [--question <text>] [--quotes N] [--syntheses|--no-syntheses] [--hide-cases] [--reveal all|rows|cells|synthesis-quotes] [--json]',
      '  casus review remark <p> --session <id|title> --item <n> --tag recognised|disputed|addition|question|decision --text <text> [--by <participant>] [--cell <row>,<col>] [--json]',
      '  casus review minutes <p> --session <id|title> --format docx|html [--lang nl|en] --out <file> [--force] [--audience team|respondents|public [--hide-cases]]',
      '  casus review followups <p> [--state open|done|dismissed] [--session <id|title>] [--json] [--audience team|respondents|public [--hide-cases]]',
    ].join('\n'),
    summary:
      'Group review: prepare a session and its agenda, capture the remarks of the room, write the minutes, list the follow-ups (disputed, addition and decision remarks).',
    options: {
      title: { type: 'string' },
      date: { type: 'string' },
      session: { type: 'string' },
      matrix: { type: 'string' },
      row: { type: 'string' },
      cell: { type: 'string' },
      question: { type: 'string' },
      quotes: { type: 'string' },
      syntheses: { type: 'boolean' },
      'no-syntheses': { type: 'boolean' },
      'hide-cases': { type: 'boolean' },
      audience: { type: 'string' },
      reveal: { type: 'string' },
      item: { type: 'string' },
      tag: { type: 'string' },
      text: { type: 'string' },
      by: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      state: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) => {
      const first = positionals[0] ?? '';
      const sub: Sub = (SUBCOMMANDS as readonly string[]).includes(first) ? (first as Sub) : 'list';
      const project = sub === 'list' && first !== 'list' ? positionals[0] : positionals[1];
      const json = values.json === true;
      return withProject(project, io, async (ctx) => {
        switch (sub) {
          case 'list': {
            const sessions = await call(ctx, 'review.sessions.list', {});
            io.out(
              json
                ? JSON.stringify(sessions)
                : table(
                    sessions.map((s) => ({
                      id: s.id,
                      date: s.date,
                      title: s.title,
                      items: s.items,
                      remarks: s.remarks,
                      'open follow-ups': s.openFollowUps,
                      ended: s.closed ? 'yes' : '',
                    })),
                    ['id', 'date', 'title', 'items', 'remarks', 'open follow-ups', 'ended'],
                  ),
            );
            return 0;
          }
          case 'new': {
            const made = await call(ctx, 'review.sessions.create', {
              title: need(values, 'title', 'new'),
              date: stringOption(values, 'date') ?? today(),
            });
            io.out(
              json
                ? JSON.stringify(made)
                : `Created review session ${made.id} (${made.title}, ${made.date})`,
            );
            return 0;
          }
          case 'add-item': {
            const row = stringOption(values, 'row');
            const cell = stringOption(values, 'cell');
            if (row && cell)
              throw new CasusError('invalid_input', 'Give --row or --cell, not both');
            const quotes = intOption(values, 'quotes');
            const reveal = stringOption(values, 'reveal');
            const syntheses =
              values.syntheses === true
                ? true
                : values['no-syntheses'] === true
                  ? false
                  : undefined;
            const item = await call(ctx, 'review.items.add', {
              sessionId: await sessionId(ctx, need(values, 'session', 'add-item')),
              matrix: need(values, 'matrix', 'add-item'),
              ...(row ? { focus: { kind: 'row' as const, row } } : {}),
              ...(cell ? { focus: { kind: 'cell' as const, ...parseCell(cell) } } : {}),
              ...(stringOption(values, 'question') !== undefined
                ? { question: stringOption(values, 'question') }
                : {}),
              show: {
                ...(quotes !== undefined ? { quotes } : {}),
                ...(syntheses !== undefined ? { syntheses } : {}),
                ...(values['hide-cases'] === true ? { hideCases: true } : {}),
              },
              ...(reveal ? { reveal: oneOf<RevealMode>(reveal, REVEAL_MODES, 'reveal') } : {}),
            });
            io.out(
              json
                ? JSON.stringify(item)
                : `Added item ${item.position}: ${item.name.nl}${item.focusLabel.nl ? ` — ${item.focusLabel.nl}` : ''} (${item.id})`,
            );
            return 0;
          }
          case 'remark': {
            const itemRef = need(values, 'item', 'remark');
            const n = /^\d+$/.test(itemRef) ? Number(itemRef) : itemRef;
            const cell = stringOption(values, 'cell');
            const remark = await call(ctx, 'review.remarks.add', {
              sessionId: await sessionId(ctx, need(values, 'session', 'remark')),
              item: n,
              tag: oneOf<RemarkTag>(need(values, 'tag', 'remark'), REMARK_TAGS, 'tag'),
              text: need(values, 'text', 'remark'),
              ...(stringOption(values, 'by') !== undefined
                ? { by: stringOption(values, 'by') }
                : {}),
              ...(cell ? { cell: parseCell(cell) } : {}),
            });
            io.out(
              json
                ? JSON.stringify(remark)
                : `Remark #${remark.n} on item ${remark.itemPosition} (${remark.tag}${remark.followUp ? ', follow-up open' : ''})${remark.cell ? `: ${remark.cell.label.nl}` : ''}`,
            );
            return 0;
          }
          case 'minutes': {
            const format = oneOf(
              need(values, 'format', 'minutes'),
              ['docx', 'html'] as const,
              'format',
            );
            const lang = oneOf(stringOption(values, 'lang') ?? 'nl', ['nl', 'en'] as const, 'lang');
            const out = need(values, 'out', 'minutes');
            const file = await call(ctx, 'review.minutes', {
              sessionId: await sessionId(ctx, need(values, 'session', 'minutes')),
              format,
              lang,
              audience: audienceOption(values),
            });
            const written = await saveOutput(ctx, out, Buffer.from(file.base64, 'base64'), values);
            io.err(
              `Wrote ${written}${file.check ? ` (leak check passed for ${file.check.audience}: ${file.check.replaced} terms replaced)` : ''}`,
            );
            return 0;
          }
          case 'followups': {
            const state = stringOption(values, 'state');
            const session = stringOption(values, 'session');
            // What the room said, printed for the audience (default respondents).
            const list = await forAudience(
              ctx,
              audienceOption(values),
              await call(ctx, 'review.followups.list', {
                ...(state ? { state: oneOf<FollowUpState>(state, FOLLOW_UP_STATES, 'state') } : {}),
                ...(session ? { sessionId: await sessionId(ctx, session) } : {}),
              }),
            );
            io.out(
              json
                ? JSON.stringify(list)
                : table(
                    list.map((f) => ({
                      id: f.id,
                      session: `${f.sessionDate} ${f.sessionTitle}`,
                      '#': f.n,
                      tag: f.tag,
                      state: f.state,
                      cell: f.cell?.label.nl ?? '',
                      text: f.text.length > 60 ? `${f.text.slice(0, 59)}…` : f.text,
                    })),
                    ['id', 'session', '#', 'tag', 'state', 'cell', 'text'],
                  ),
            );
            return 0;
          }
        }
      });
    },
  },
];
