import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Reader } from '../../../db/access.js';
import { caseByKey } from '../../../db/repo/cases.js';
import { insertCoder } from '../../../db/repo/coders.js';
import { codeByKey } from '../../../db/repo/codes.js';
import { updateSettings } from '../../../db/repo/project.js';
import { insertRespondent } from '../../../db/repo/respondents.js';
import { insertSource } from '../../../db/repo/sources.js';
import { CasusError } from '../../shared/errors.js';
import { parseDocument } from '../import/parse-document.js';
import { writeCell } from '../matrix/synthesis.js';
import { paragraphsBody } from './memo-body.js';
import { writeMemo } from './memos.js';
import type { Act } from './new-project.js';
import { codeRange } from './segments.js';
import { newId, now } from './ids.js';

const Manifest = z.object({
  coders: z.array(z.object({ name: z.string(), initials: z.string(), color: z.string() })),
  respondents: z.array(
    z.object({
      pseudonym: z.string(),
      role: z.string(),
      organisation: z.string(),
      case: z.string(),
    }),
  ),
  sources: z.array(
    z.object({
      file: z.string(),
      case: z.string(),
      kind: z.enum(['interview', 'document']),
      documentType: z.string(),
      title: z.string(),
      date: z.string().optional(),
      respondent: z.string().optional(),
      validation: z.enum(['draft', 'sent', 'approved', 'corrections']).optional(),
    }),
  ),
  codings: z.array(
    z.object({
      source: z.string(),
      quote: z.string(),
      codes: z.array(z.string()),
      coder: z.string(),
      memo: z.string().optional(),
    }),
  ),
  // Framework-matrix cells of the default "principles (split by category) × cases" matrix.
  syntheses: z
    .array(
      z.object({
        principle: z.string(),
        category: z.string(),
        case: z.string(),
        coder: z.string(),
        status: z.enum(['draft', 'agreed', 'validated', 'reviewed']),
        text: z.array(z.string()).min(1),
        /** Quotes of demo codings, cited in this order. */
        cite: z.array(z.string()),
      }),
    )
    .default([]),
});

const demoDir = new URL('../../../fixtures/demo/', import.meta.url);
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * Loads the built-in demo study (fixtures/demo) into a project made from the Regio Deals template.
 * Each coder's codings and syntheses are their own actions, so the change log says who did what.
 */
export async function loadDemoStudy(act: Act): Promise<void> {
  const manifest = Manifest.parse(
    JSON.parse(readFileSync(new URL('manifest.json', demoDir), 'utf8')),
  );
  // Parse first (async), then write.
  const parsed = await Promise.all(
    manifest.sources.map(async (s) => {
      const bytes = readFileSync(new URL(s.file, demoDir));
      return { spec: s, bytes, doc: await parseDocument(bytes, s.file.split('/').pop() ?? s.file) };
    }),
  );
  const caseId = (r: Reader, key: string): string => {
    const row = caseByKey(r, key);
    if (!row) throw new CasusError('internal', `Demo study: unknown case ${key}`);
    return row.id;
  };
  const codeId = (r: Reader, key: string): string => {
    const row = codeByKey(r, key);
    if (!row) throw new CasusError('internal', `Demo study: unknown code ${key}`);
    return row.id;
  };
  const coders = new Map<string, string>();
  const sources = new Map<string, { id: string; text: string }>();
  act('demo.load', null, (w) => {
    // The workbench's first-start guide explains the demo study when this is it.
    updateSettings(w, (s) => ({ ...s, demo: true }));
    for (const c of manifest.coders) {
      const id = newId();
      coders.set(c.initials, id);
      insertCoder(w, { id, name: c.name, initials: c.initials, color: c.color, created_at: now() });
    }
    const respondents = new Map<string, string>();
    for (const r of manifest.respondents) {
      const id = newId();
      respondents.set(r.pseudonym, id);
      insertRespondent(w, {
        id,
        pseudonym: r.pseudonym,
        role: r.role,
        organisation: r.organisation,
        case_id: caseId(w, r.case),
        real_name: null,
        created_at: now(),
      });
    }
    const firstCoder = coders.values().next().value ?? null;
    for (const { spec, bytes, doc } of parsed) {
      const id = newId();
      sources.set(spec.file, { id, text: doc.text });
      insertSource(
        w,
        {
          id,
          caseId: caseId(w, spec.case),
          title: spec.title,
          kind: spec.kind,
          documentType: spec.documentType,
          date: spec.date ?? null,
          respondentId: spec.respondent ? (respondents.get(spec.respondent) ?? null) : null,
          validation: spec.kind === 'interview' ? (spec.validation ?? 'draft') : null,
          originalName: spec.file.split('/').pop() ?? spec.file,
          sha256: sha256(bytes),
          textSha256: sha256(doc.text),
          originalBytes: bytes,
          createdAt: now(),
          createdBy: firstCoder,
        },
        doc,
      );
    }
  });
  const segmentByQuote = new Map<string, { id: string; sourceId: string; start: number }>();
  for (const c of manifest.codings) {
    const source = sources.get(c.source);
    if (!source)
      throw new CasusError('internal', `Demo study: coding refers to unknown source ${c.source}`);
    const start = source.text.indexOf(c.quote);
    if (start < 0)
      throw new CasusError('internal', `Demo study: quote not found in ${c.source}: ${c.quote}`);
    const coderId = coders.get(c.coder) ?? null;
    act('coding.apply', coderId, (w) => {
      const { segment } = codeRange(w, {
        sourceId: source.id,
        start,
        end: start + c.quote.length,
        codeIds: c.codes.map((k) => codeId(w, k)),
        coderId,
      });
      segmentByQuote.set(c.quote, { id: segment.id, sourceId: source.id, start });
      if (c.memo)
        writeMemo(w, {
          type: 'segment',
          id: segment.id,
          body: '',
          bodyText: c.memo,
          author: coderId,
        });
    });
  }
  for (const y of manifest.syntheses) {
    const coderId = coders.get(y.coder) ?? null;
    const refs = y.cite.map((quote) => {
      const seg = segmentByQuote.get(quote);
      if (!seg)
        throw new CasusError('internal', `Demo study: synthesis cites unknown quote ${quote}`);
      return {
        segmentId: seg.id,
        sourceId: seg.sourceId,
        start: seg.start,
        end: seg.start + quote.length,
        quote,
      };
    });
    act('matrix.synthesis.save', coderId, (w) => {
      const at = now();
      writeCell(
        w,
        {
          principle: codeId(w, y.principle),
          category: codeId(w, y.category),
          case: caseId(w, y.case),
        },
        coderId,
        () => ({
          body: paragraphsBody(y.text),
          body_text: y.text.join('\n\n'), // as Lexical's getTextContent joins paragraphs
          status: y.status,
          status_by: coderId,
          status_at: at,
          refs: JSON.stringify(refs),
        }),
      );
    });
  }
}
