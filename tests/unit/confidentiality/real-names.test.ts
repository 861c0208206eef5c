import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/server/dispatch.js';
import { workbenchCaller } from '../../../core/server/files/access.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import type { Envelope } from '../../../core/shared/errors.js';
import { tempProject, type TestProject } from '../helpers.js';

/*
 * Respondents' real names reach the command line's `--audience team` only. The workbench (the
 * browser-mode server, the desktop's IPC: both dispatch as a workbench caller) is refused them,
 * with the reason; what it may ask for lists a real name by its pseudonym.
 */
const REAL = 'Geertruida Plantinga';
let p: TestProject;
let server: RunningServer;
let pseudonym = '';

const post = async (method: string, input: unknown) => {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { 'X-Casus-Token': server.token },
  });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  p = await tempProject({ demo: true });
  const respondent = (await p.call('respondents.list', {}))[0];
  if (!respondent) throw new Error('the demo study lacks respondents');
  pseudonym = respondent.pseudonym;
  await p.call('respondents.update', { id: respondent.id, realName: REAL });
  server = await startServer({ session: p.session });
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe('real names', () => {
  it('are refused to the browser-mode server, naming why', async () => {
    const asked = await post('names.list', { revealRealNames: true });
    expect(asked.status).toBe(403);
    const body = JSON.parse(asked.text) as Envelope<unknown>;
    expect(body.ok).toBe(false);
    if (body.ok) return;
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toMatch(/real names are never sent to the workbench/);
    expect(body.error.message).toMatch(/audience view/);
    expect(body.error.message).toMatch(/casus names <project> --audience team/);
    expect(asked.text).not.toContain(REAL);
  });

  it('are listed by pseudonym to the workbench, and never in what it receives', async () => {
    const listed = await post('names.list', {});
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(REAL);
    expect(listed.text).not.toContain('Plantinga');
    const body = JSON.parse(listed.text) as Envelope<{
      entries: { term: string | null; replacement: string; respondentId: string | null }[];
    }>;
    if (!body.ok) throw new Error(body.error.message);
    const mine = body.value.entries.find((e) => e.replacement === pseudonym);
    expect(mine).toMatchObject({ term: null });
  });

  it('are refused to the desktop (IPC) caller the same way', async () => {
    const envelope = await dispatch(
      'names.list',
      { revealRealNames: true },
      p.ctx,
      workbenchCaller(),
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('are shown to the command line when the team asks', async () => {
    const listed = await p.call('names.list', { revealRealNames: true });
    expect(listed.entries.some((e) => e.term === REAL)).toBe(true);
  });

  it('count a surname alone only where it is written as a name, the full name always', async () => {
    const out = await p.call('confidentiality.apply', {
      texts: ['Een plantinga-achtig plan; Plantinga stemde in. geertruida plantinga ook.'],
      audience: { kind: 'respondents' },
    });
    expect(out.texts[0]).toBe(
      `Een plantinga-achtig plan; ${pseudonym} stemde in. ${pseudonym} ook.`,
    );
    // A term left after replacement would have refused the call ('leak_found').
    expect(out.check?.audience).toBe('respondents');
  });
});
