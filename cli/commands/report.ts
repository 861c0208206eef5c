import type { ServiceContext } from '../../core/server/context.js';
import { CasusError } from '../../core/shared/errors.js';
import {
  AUDIENCE_OPTIONS,
  audienceOption,
  call,
  forAudience,
  langOption,
  saveOutput,
  stringOption,
  table,
  withProject,
  type CliCommand,
  type OptionValues,
} from '../command.js';
import { codesCoordinate, resolveCases } from '../resolve.js';

const langOf = (values: OptionValues) => langOption(values, 'nl');

function required(values: OptionValues, name: string, what: string): string {
  const v = stringOption(values, name);
  if (!v) throw new CasusError('invalid_input', `Missing --${name} ${what}`);
  return v;
}

async function caseOf(ctx: ServiceContext, values: OptionValues): Promise<string> {
  const [id] = await resolveCases(ctx, [required(values, 'case', '<case>')]);
  return id as string;
}

/** Respondents named by pseudonym (any case); unknown ones fail, listing the known. */
async function respondentIds(ctx: ServiceContext, names: string[]): Promise<string[]> {
  const all = await call(ctx, 'respondents.list', {});
  return names.map((n) => {
    const hit = all.find((r) => r.pseudonym.toLowerCase() === n.toLowerCase() || r.id === n);
    if (!hit)
      throw new CasusError(
        'not_found',
        `No respondent "${n}" (the respondents are: ${all.map((r) => r.pseudonym).join(', ') || 'none yet'})`,
      );
    return hit.id;
  });
}

export const reportCommands: CliCommand[] = [
  {
    name: 'report',
    usage:
      'casus report <file.casus> --case <case> --format docx|html [--lang nl|en] [--diff-from <round-id|version-id>] --out <file> [--force] [--audience team|respondents|public [--hide-cases]]',
    summary:
      'The case report (casusrapport) as it stands, in the study’s structure; with --diff-from, what changed since the version a round sent.',
    options: {
      ...AUDIENCE_OPTIONS,
      case: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      'diff-from': { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: ({ positionals, values }, io) =>
      withProject(positionals[0], io, async (ctx) => {
        const caseId = await caseOf(ctx, values);
        const format = stringOption(values, 'format');
        if (format !== 'docx' && format !== 'html')
          throw new CasusError(
            'invalid_input',
            `--format must be docx or html, not "${format ?? ''}"`,
          );
        const out = required(values, 'out', '<file>');
        const diffFrom = stringOption(values, 'diff-from');
        const file = await call(ctx, 'report.export', {
          caseId,
          format,
          lang: langOf(values),
          audience: audienceOption(values),
          ...(diffFrom ? { diffFrom } : {}),
        });
        const path = await saveOutput(ctx, out, Buffer.from(file.base64, 'base64'), values);
        io.out(values.json ? JSON.stringify({ path, fileName: file.fileName }) : `Wrote ${path}`);
        return 0;
      }),
  },
  {
    name: 'validation',
    usage: [
      'casus validation round <file.casus> --case <case> --respondents <pseudonym,...> [--date YYYY-MM-DD] [--lang nl|en]',
      '  casus validation answer <file.casus> --round <id> --respondent <pseudonym> --status approved|corrections|none [--comment <text>]',
      '  casus validation correct <file.casus> --round <id> --respondent <pseudonym> --section <principle[:category][:facet]> --text <text>',
      '  casus validation resolve <file.casus> --correction <id> --accept|--reject [--reason <text>]',
      '  casus validation status <file.casus> --case <case> [--json] [--audience team|respondents|public [--hide-cases]]',
      '  casus validation confirm <file.casus> --case <case>',
    ].join('\n'),
    summary:
      'Respondent validation of a case report: send a round, record answers and corrections, resolve them, see the status, confirm.',
    options: {
      case: { type: 'string' },
      respondents: { type: 'string' },
      date: { type: 'string' },
      lang: { type: 'string' },
      round: { type: 'string' },
      respondent: { type: 'string' },
      status: { type: 'string' },
      comment: { type: 'string' },
      section: { type: 'string' },
      text: { type: 'string' },
      correction: { type: 'string' },
      accept: { type: 'boolean' },
      reject: { type: 'boolean' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
      ...AUDIENCE_OPTIONS,
    },
    run: ({ positionals, values }, io) => {
      const [verb, path] = positionals;
      const verbs = ['round', 'answer', 'correct', 'resolve', 'status', 'confirm'];
      if (!verb || !verbs.includes(verb))
        throw new CasusError(
          'invalid_input',
          `casus validation needs one of: ${verbs.join(', ')} (then the project file)`,
        );
      return withProject(path, io, async (ctx) => {
        const print = (json: unknown, text: string) =>
          io.out(values.json ? JSON.stringify(json) : text);
        if (verb === 'round') {
          const caseId = await caseOf(ctx, values);
          const names = required(values, 'respondents', '<pseudonym,...>')
            .split(',')
            .map((x) => x.trim());
          const date = stringOption(values, 'date');
          const round = await call(ctx, 'validation.createRound', {
            caseId,
            respondentIds: await respondentIds(ctx, names),
            lang: langOf(values),
            ...(date ? { sentOn: date } : {}),
          });
          print(
            round,
            `Round ${round.number} (${round.id}): report version ${round.version.number}, sent ${round.sentOn} to ${round.answers.map((a) => a.respondent).join(', ')}`,
          );
        } else if (verb === 'answer') {
          const status = required(values, 'status', 'approved|corrections|none');
          if (status !== 'approved' && status !== 'corrections' && status !== 'none')
            throw new CasusError(
              'invalid_input',
              `--status must be approved, corrections or none, not "${status}"`,
            );
          const [respondentId] = await respondentIds(ctx, [
            required(values, 'respondent', '<pseudonym>'),
          ]);
          const round = await call(ctx, 'validation.answer', {
            roundId: required(values, 'round', '<id>'),
            respondentId: respondentId as string,
            status,
            comment: stringOption(values, 'comment') ?? '',
          });
          print(
            round,
            `Recorded: ${stringOption(values, 'respondent')} ${status} (round ${round.number})`,
          );
        } else if (verb === 'correct') {
          const [respondentId] = await respondentIds(ctx, [
            required(values, 'respondent', '<pseudonym>'),
          ]);
          const c = await call(ctx, 'validation.correct', {
            roundId: required(values, 'round', '<id>'),
            respondentId: respondentId as string,
            anchor: {
              coordinate: await codesCoordinate(
                ctx,
                required(values, 'section', '<principle[:category][:facet]>'),
              ),
            },
            text: required(values, 'text', '<text>'),
          });
          print(c, `Correction ${c.id} on ${c.where}`);
        } else if (verb === 'resolve') {
          if (values.accept === values.reject)
            throw new CasusError('invalid_input', 'Give one of --accept or --reject');
          const c = await call(ctx, 'validation.resolve', {
            correctionId: required(values, 'correction', '<id>'),
            decision: values.accept ? 'accept' : 'reject',
            reason: stringOption(values, 'reason') ?? '',
          });
          print(c, `Correction ${c.id}: ${c.state}`);
        } else if (verb === 'status') {
          // Answers and corrections printed for the audience (default respondents).
          const st = await forAudience(
            ctx,
            audienceOption(values),
            await call(ctx, 'validation.status', { caseId: await caseOf(ctx, values) }),
          );
          if (values.json) io.out(JSON.stringify(st));
          else {
            for (const r of st.rounds) {
              io.out(
                `Round ${r.number} (${r.id}), sent ${r.sentOn}, report version ${r.version.number}`,
              );
              io.out(
                table(
                  r.answers.map((a) => ({
                    respondent: a.respondent,
                    role: a.role,
                    answer: a.status,
                    on: a.answeredOn ?? '',
                  })),
                  ['respondent', 'role', 'answer', 'on'],
                ),
              );
              for (const c of r.corrections)
                io.out(`  ${c.state.padEnd(8)} ${c.id}  ${c.respondent}: ${c.where}: ${c.text}`);
            }
            io.out(
              st.canConfirm
                ? `Ready: ${st.cellsToValidate} syntheses can be marked validated (casus validation confirm)`
                : `Not ready: ${st.blockers.map((b) => b.text).join(' ')}`,
            );
          }
        } else {
          const r = await call(ctx, 'validation.confirm', { caseId: await caseOf(ctx, values) });
          print(r, `${r.validated} syntheses marked validated`);
        }
        return 0;
      });
    },
  },
  {
    name: 'respondents',
    usage:
      'casus respondents <file.casus> [--json] [--audience team|respondents|public [--hide-cases]]  |  casus respondents set <file.casus> <pseudonym> [--real-name <name>] [--role <role>] [--organisation <org>]',
    summary:
      'Respondents: pseudonym, role, case, organisation (never the real name); `set` changes one, the real name being confidential.',
    options: {
      'real-name': { type: 'string' },
      role: { type: 'string' },
      organisation: { type: 'string' },
      json: { type: 'boolean' },
      ...AUDIENCE_OPTIONS,
    },
    run: ({ positionals, values }, io) => {
      const setting = positionals[0] === 'set';
      return withProject(positionals[setting ? 1 : 0], io, async (ctx) => {
        if (setting) {
          const name = positionals[2];
          if (!name)
            throw new CasusError(
              'invalid_input',
              'Missing the pseudonym: casus respondents set <file> <pseudonym> …',
            );
          const [id] = await respondentIds(ctx, [name]);
          const realName = stringOption(values, 'real-name');
          const role = stringOption(values, 'role');
          const organisation = stringOption(values, 'organisation');
          const x = await call(ctx, 'respondents.update', {
            id: id as string,
            ...(realName !== undefined ? { realName } : {}),
            ...(role !== undefined ? { role } : {}),
            ...(organisation !== undefined ? { organisation } : {}),
          });
          // The real name is not echoed: only that one is recorded.
          io.out(
            values.json
              ? JSON.stringify(x)
              : `Updated ${x.pseudonym}${x.hasRealName ? ' (real name recorded, confidential)' : ''}`,
          );
          return 0;
        }
        const [list, cases] = await Promise.all([
          call(ctx, 'respondents.list', {}),
          call(ctx, 'cases.list', {}),
        ]);
        const caseKey = new Map(cases.map((c) => [c.id, c.key]));
        // Organisations and roles may be register terms: printed for the audience.
        const rows = await forAudience(
          ctx,
          audienceOption(values),
          list.map((r) => ({
            pseudonym: r.pseudonym,
            role: r.role,
            case: r.caseId ? (caseKey.get(r.caseId) ?? r.caseId) : '',
            organisation: r.organisation,
            id: r.id,
          })),
        );
        io.out(
          values.json
            ? JSON.stringify(rows)
            : table(rows, ['pseudonym', 'role', 'case', 'organisation', 'id']),
        );
        return 0;
      });
    },
  },
];
