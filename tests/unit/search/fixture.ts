import { createHash } from 'node:crypto';
import type { Block } from '../../../core/shared/blocks.js';
import { newId, now } from '../../../core/server/domain/ids.js';
import { insertRespondent } from '../../../db/repo/respondents.js';
import { insertSource } from '../../../db/repo/sources.js';
import { tempProject, withCoder, type TempProjectOptions, type TestProject } from '../helpers.js';

/** Adds a source whose paragraphs are the given strings (one block each, joined by \n). */
export function addSource(
  p: TestProject,
  opts: {
    title: string;
    paragraphs: string[];
    caseKey?: string;
    documentType?: string;
    date?: string;
    respondent?: { pseudonym: string; role: string };
  },
): string {
  const db = p.db;
  const text = opts.paragraphs.join('\n');
  const blocks: Block[] = [];
  let at = 0;
  for (const para of opts.paragraphs) {
    blocks.push({ type: 'paragraph', start: at, end: at + para.length });
    at += para.length + 1;
  }
  const id = newId();
  const caseId = opts.caseKey
    ? (db.prepare('SELECT id FROM cases WHERE key = ?').get(opts.caseKey) as { id: string }).id
    : null;
  p.ctx.action('test.addSource', (w) => {
    let respondentId: string | null = null;
    if (opts.respondent) {
      respondentId = newId();
      insertRespondent(w, {
        id: respondentId,
        pseudonym: opts.respondent.pseudonym,
        role: opts.respondent.role,
        organisation: '',
        case_id: caseId,
        real_name: null,
        created_at: now(),
      });
    }
    const sha = createHash('sha256').update(text).digest('hex');
    insertSource(
      w,
      {
        id,
        caseId,
        title: opts.title,
        kind: opts.respondent ? 'interview' : 'document',
        documentType: opts.documentType ?? (opts.respondent ? 'interview-report' : 'other'),
        date: opts.date ?? null,
        respondentId,
        validation: null,
        originalName: `${opts.title}.txt`,
        sha256: sha,
        textSha256: sha,
        originalBytes: new TextEncoder().encode(text),
        createdAt: now(),
        createdBy: null,
      },
      { text, blocks, marks: [] },
    );
  });
  return id;
}

export function codeId(p: TestProject, key: string): string {
  return (p.db.prepare('SELECT id FROM codes WHERE key = ?').get(key) as { id: string }).id;
}

/** A small Regio Deals project: two cases, an interview and a document each. */
export async function smallStudy(opts: TempProjectOptions = {}) {
  const p = await tempProject(opts);
  const coder = await withCoder(p);
  const achterhoek = addSource(p, {
    title: 'Interview Achterhoek 1',
    caseKey: 'achterhoek',
    date: '2020-06-12',
    respondent: { pseudonym: 'R-A1', role: 'programmaleiding' },
    paragraphs: [
      'De coöperatie speelt een grote rol. Brede welvaart staat centraal in de deal.',
      'De huisarts en de verpleegkundige werken samen in de wijk. Dat is nieuw.',
      'Over de bredewelvaartsopgave is lang gesproken met het Rijk.',
    ],
  });
  const foodvalley = addSource(p, {
    title: 'Dealtekst Foodvalley',
    caseKey: 'foodvalley',
    date: '2019-11-01',
    documentType: 'deal-text',
    paragraphs: [
      'Brede welvaart en gezondheid: de regio kiest een integrale aanpak.',
      'Verpleegkundigen en zorgverleners in de regio.',
    ],
  });
  return { p, coder, achterhoek, foodvalley };
}

/**
 * Segments and codings written straight into the tables, for the random studies that compare a
 * query with a naive reference (thousands of rows, no change log needed). A coding the segment
 * already has with that code is ignored, as the unique key of codings says.
 */
export function rawCodings(p: TestProject) {
  const seg = p.db.prepare(
    'INSERT INTO segments (id, source_id, start, end, text, created_by, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const coding = p.db.prepare(
    `INSERT OR IGNORE INTO codings (id, segment_id, segment_seq, code_id, coder_id, created_at)
     SELECT @id, g.id, g.seq, @code, @coder, @at FROM segments g WHERE g.id = @segment`,
  );
  return {
    /** A new segment of `sourceId`; returns its id. */
    segment(sourceId: string, start: number, end: number, text: string): string {
      const id = newId();
      seg.run(id, sourceId, start, end, text, now());
      return id;
    },
    code(segmentId: string, codeId: string, coderId: string | null): void {
      coding.run({ id: newId(), segment: segmentId, code: codeId, coder: coderId, at: now() });
    },
  };
}
