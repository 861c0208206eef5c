import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { caseIdOf } from '../review/fixture.js';
import { tempProject, withCoder } from '../helpers.js';

/*
 * The team's workflow commands print what people wrote: the room's follow-ups and a
 * respondent's answer to a validation round. Like every printed text they are for the
 * respondents unless --audience team is asked for; a real name planted in them shows only then.
 */

async function casus(...args: string[]) {
  const out: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: () => undefined });
  return { code, out: out.join('\n') };
}

const SAID = 'Volgens Jan de Vries was het anders.';

describe('workflow commands print for an audience', () => {
  it('review followups and validation status replace a real name outside --audience team', async () => {
    const p = await tempProject({ demo: true, file: true });
    await withCoder(p, 'Fenna Facilitator');
    const respondent = (await p.call('respondents.list', {})).find((r) => r.pseudonym === 'ACH-R1');
    if (!respondent) throw new Error('the demo study lacks ACH-R1');
    await p.call('respondents.update', { id: respondent.id, realName: 'Jan de Vries' });

    const session = await p.call('review.sessions.create', {
      title: 'Terugkoppeling',
      date: '2022-03-14',
    });
    await p.call('review.items.add', { sessionId: session.id, matrix: 'framework' });
    await p.call('review.remarks.add', {
      sessionId: session.id,
      item: 1,
      tag: 'disputed',
      text: SAID,
    });

    const achterhoek = caseIdOf(p, 'achterhoek');
    const round = await p.call('validation.createRound', {
      caseId: achterhoek,
      respondentIds: [respondent.id],
      sentOn: '2022-03-01',
    });
    await p.call('validation.answer', {
      roundId: round.id,
      respondentId: respondent.id,
      status: 'approved',
      comment: SAID,
    });
    p.session.close();
    const file = p.path;

    for (const [what, args] of [
      ['review followups', ['review', 'followups', file, '--json']],
      ['validation status', ['validation', 'status', file, '--case', 'achterhoek', '--json']],
    ] as const) {
      const shown = await casus(...args);
      expect(shown.code, what).toBe(0);
      expect(shown.out, what).not.toContain('Jan de Vries');
      expect(shown.out, what).toContain('Volgens ACH-R1 was het anders.');
      const team = await casus(...args, '--audience', 'team');
      expect(team.out, `${what} for the team`).toContain(SAID);
    }
  });
});
