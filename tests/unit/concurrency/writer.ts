// A second process writing to a project: codes `n` passages as fast as it can, one call after
// another, and prints how many calls failed and why (run by writers.test.ts).
import { createContext } from '../../../core/server/context.js';
import { dispatch } from '../../../core/server/dispatch.js';
import { CLI_CALLER } from '../../../core/server/files/access.js';
import { Session } from '../../../core/server/session.js';

const [path, n, name] = process.argv.slice(2) as [string, string, string];
const session = new Session({ remember: false });
const ctx = createContext(session);
const call = (method: string, input: unknown) => dispatch(method, input, ctx, CLI_CALLER);
await call('project.open', { path });
const coder = await call('coders.create', { name });
if (coder.ok) await call('session.setCoder', { coderId: (coder.value as { id: string }).id });
const [source] = (
  (await call('sources.list', {})) as { ok: true; value: { id: string; characters: number }[] }
).value;
const codes = ((await call('codes.tree', {})) as { ok: true; value: { id: string }[] }).value;
const failures: string[] = [];
for (let i = 0; i < Number(n); i++) {
  const start = (i * 7) % ((source?.characters ?? 100) - 10);
  const r = await call('coding.apply', {
    sourceId: source?.id,
    start,
    end: start + 5,
    codeIds: [codes[i % codes.length]?.id],
    memo: `${name} ${i}`,
  });
  if (!r.ok) failures.push(r.error.message);
}
session.close();
process.stdout.write(JSON.stringify({ calls: Number(n), failures }));
