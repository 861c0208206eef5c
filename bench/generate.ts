import { createHash, randomUUID } from 'node:crypto';
import { createContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { installTemplate } from '../core/server/domain/install-template.js';
import { Session } from '../core/server/session.js';
import { regioDealsTemplate } from '../core/shared/template/regio-deals.js';
import type { Block } from '../core/shared/blocks.js';
import type { Contract, InputOf, Method, OutputOf } from '../core/shared/contract/index.js';
import { readerFor, runAction, type Writer } from '../db/access.js';
import { createProjectDb } from '../db/open.js';
import { caseRows } from '../db/repo/cases.js';
import { insertCoder } from '../db/repo/coders.js';
import { codeRows } from '../db/repo/codes.js';
import { insertCoding } from '../db/repo/codings.js';
import { insertSegment } from '../db/repo/segments.js';
import { insertSource } from '../db/repo/sources.js';

/** Dutch-looking vocabulary so FTS, snippets and compounds behave as on real reports. */
const WORDS = (
  'regio deal rijk provincie gemeente brede welvaart opgave samenwerking vertrouwen bestuurder ' +
  'programma pijler uitvoering beleidsvorming cofinanciering partners onderwijs zorg huisarts ' +
  'arbeidsmarkt wonen leefbaarheid landbouw voeding innovatie kennis coöperatie financiële ' +
  'afspraken monitoring tranche ministerie netwerk inwoners wijk bredewelvaartsopgave projecten ' +
  'aanpak integraal draagvlak ambitie middelen termijn verantwoording gesprek ervaring regels'
).split(' ');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function paragraph(rand: () => number): string {
  const n = 40 + Math.floor(rand() * 80);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)] as string);
  const s = words.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/**
 * Writes a synthetic study: `sources` sources of ~20 paragraphs (~10-15k characters, like a
 * 5-page report) over the four template cases, and `segments` segments each coded with a
 * principle, a category, a phase and a facet.
 */
export function generateStudy(
  path: string,
  opts: { sources: number; segments: number; seed?: number },
): void {
  const rand = rng(opts.seed ?? 42);
  const db = createProjectDb(path);
  // Written as a team would have: every row through the repositories, so the change log is as
  // large as a real study's.
  const act = <T>(name: string, fn: (w: Writer) => T): T =>
    runAction(db, { name, coderId: null, sessionId: null }, fn).value;
  act('project.create', (w) => installTemplate(w, regioDealsTemplate, 'Synthetic study'));
  const r = readerFor(db);
  const cases = caseRows(r).map((c) => c.id);
  const codesOf = (dim: string) =>
    codeRows(r)
      .filter((c) => c.dimension === dim && c.key !== 'opgavegericht-werken')
      .map((c) => c.id);
  const principles = codesOf('principle');
  const categories = codesOf('category');
  const phases = codesOf('phase');
  const facets = codesOf('facet');
  const coder = randomUUID();
  const at = new Date().toISOString();
  act('coders.create', (w) =>
    insertCoder(w, {
      id: coder,
      name: 'Bench Coder',
      initials: 'BC',
      color: '#4477AA',
      created_at: at,
    }),
  );
  const texts: { id: string; text: string }[] = [];
  act('import.file', (w) => {
    for (let i = 0; i < opts.sources; i++) {
      const blocks: Block[] = [];
      let text = '';
      const add = (type: 'heading' | 'paragraph', t: string) => {
        if (text) text += '\n';
        const start = text.length;
        text += t;
        blocks.push(
          type === 'heading'
            ? { type, level: 2, start, end: text.length }
            : { type, start, end: text.length },
        );
      };
      add('heading', `Verslag ${i + 1}`);
      for (let p = 0; p < 20; p++) add('paragraph', paragraph(rand));
      const id = randomUUID();
      texts.push({ id, text });
      const sha = createHash('sha256').update(text).digest('hex');
      insertSource(
        w,
        {
          id,
          caseId: cases[i % cases.length] ?? null,
          title: `Verslag ${i + 1}`,
          kind: i % 5 === 4 ? 'document' : 'interview',
          documentType: i % 5 === 4 ? 'progress-report' : 'interview-report',
          date: '2020-06-01',
          respondentId: null,
          validation: i % 5 === 4 ? null : 'approved',
          originalName: `verslag-${i + 1}.txt`,
          sha256: sha,
          textSha256: sha,
          originalBytes: Buffer.from(text),
          createdAt: at,
          createdBy: coder,
        },
        { text, blocks, marks: [] },
      );
    }
  });
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)] as string;
  act('coding.apply', (w) => {
    for (let i = 0; i < opts.segments; i++) {
      const src = texts[Math.floor(rand() * texts.length)] as { id: string; text: string };
      const start = Math.floor(rand() * (src.text.length - 400));
      const end = start + 50 + Math.floor(rand() * 300);
      const id = randomUUID();
      insertSegment(w, {
        id,
        source_id: src.id,
        start,
        end,
        text: src.text.slice(start, end),
        created_by: coder,
        created_at: at,
      });
      for (const code of new Set([pick(principles), pick(categories), pick(phases), pick(facets)]))
        insertCoding(w, {
          id: randomUUID(),
          segment_id: id,
          code_id: code,
          coder_id: coder,
          created_at: at,
        });
    }
  });
  db.close();
}

/** Opens a generated study the way every host does. */
export function openStudy(path: string) {
  const session = new Session({ remember: false });
  session.open(path);
  return { session, ctx: createContext(session) };
}

export type OpenedStudy = ReturnType<typeof openStudy>;

/** Calls a method on an opened study through dispatch; a failure throws. */
export async function callStudy<K extends Method>(
  o: OpenedStudy,
  method: K,
  input: InputOf<Contract, K>,
): Promise<OutputOf<Contract, K>> {
  const r = await dispatch(method, input, o.ctx, CLI_CALLER);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as OutputOf<Contract, K>;
}
