/**
 * After a kill the project must open as every host opens it (Session.open) and take a further
 * action: code a passage (or, in a project without sources, add a code) and read it back.
 */
import { createContext } from '../../core/server/context.js';
import { dispatch } from '../../core/server/dispatch.js';
import { CLI_CALLER } from '../../core/server/files/access.js';
import { Session } from '../../core/server/session.js';
import type { Contract, InputOf, Method, OutputOf } from '../../core/shared/contract/index.js';
import { rangeProblem } from '../../core/shared/text/offsets.js';
import { randomRange } from './documents.js';
import type { Random } from './random.js';

export async function reopenAndAct(project: string, rng: Random): Promise<string[]> {
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  const call = async <K extends Method>(m: K, input: InputOf<Contract, K>) => {
    const r = await dispatch(m, input, ctx, CLI_CALLER);
    if (!r.ok) throw new Error(`${m}: ${r.error.code}: ${r.error.message}`);
    return r.value as OutputOf<Contract, K>;
  };
  try {
    session.open(project);
    const sources = (await call('sources.list', {})).filter((s) => s.characters > 1);
    const codes = await call('codes.tree', {});
    if (sources.length === 0) {
      const code = await call('codes.create', {
        label: { nl: 'Na de kill', en: 'After the kill' },
      });
      const tree = await call('codes.tree', {});
      return tree.some((c) => c.id === code.id)
        ? []
        : [`the new code ${code.id} is not in the tree`];
    }
    const source = rng.pick(sources);
    const { text } = await call('sources.get', { id: source.id });
    const range = randomRange(rng, text, (a, b) => rangeProblem(text, a, b) === null);
    if (!range) return [];
    const segment = await call('coding.apply', {
      sourceId: source.id,
      ...range,
      codeIds: [rng.pick(codes).id],
    });
    const back = (await call('segments.forSource', { sourceId: source.id })).find(
      (s) => s.id === segment.id,
    );
    if (!back) return [`the segment coded after reopening (${segment.id}) cannot be read back`];
    if (back.text !== text.slice(range.start, range.end))
      return [`the segment coded after reopening holds other text than its range`];
    return [];
  } catch (e) {
    return [
      `after the kill the project cannot be opened and used: ${e instanceof Error ? e.message : String(e)}`,
    ];
  } finally {
    session.close();
  }
}
