import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeholders, type Message } from '../../../renderer/src/i18n/format.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'renderer', 'src', 'i18n', 'messages');

/** Every message file's exported tables: key → [Dutch, English]. */
async function messageTables(): Promise<
  { file: string; table: Record<string, readonly Message[]> }[]
> {
  const out = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(join(dir, file))) as Record<
      string,
      Record<string, readonly Message[]>
    >;
    for (const table of Object.values(mod)) out.push({ file, table });
  }
  return out;
}

const texts = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m));

/** The messages of the workbench in Dutch and English (issue 11.6). */
describe('the message tables', () => {
  it('give every key once, in both languages, with the same placeholders', async () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const { file, table } of await messageTables())
      for (const [key, pair] of Object.entries(table)) {
        if (seen.has(key)) problems.push(`${key} in ${file} and ${seen.get(key)}`);
        seen.set(key, file);
        if (pair.length !== 2) {
          problems.push(`${key}: not [Dutch, English]`);
          continue;
        }
        const [nl, en] = pair as [Message, Message];
        if ([...texts(nl), ...texts(en)].some((t) => t.trim() === ''))
          problems.push(`${key}: empty`);
        for (const m of [nl, en])
          if (typeof m !== 'string' && (m.one === undefined || m.other === undefined))
            problems.push(`${key}: a plural needs 'one' and 'other'`);
        const a = [...placeholders(nl)].sort().join();
        const b = [...placeholders(en)].sort().join();
        if (a !== b) problems.push(`${key}: placeholders {${a}} in Dutch, {${b}} in English`);
      }
    expect(seen.size).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });

  it('count with plural forms, not with "(s)" or "(en)", and say (NL)/(EN) only for a language', async () => {
    const problems: string[] = [];
    for (const { table } of await messageTables())
      for (const [key, pair] of Object.entries(table))
        for (const t of pair.flatMap(texts)) {
          if (/\p{L}\((s|es|en|n|nen|ren)\)/u.test(t)) problems.push(`${key}: "${t}"`);
          if (/\(EN\)/.test(t) && !/En$/.test(key)) problems.push(`${key}: (EN) in "${t}"`);
          if (/\(NL\)/.test(t) && !/Nl$/.test(key)) problems.push(`${key}: (NL) in "${t}"`);
        }
    expect(problems).toEqual([]);
  });
});
