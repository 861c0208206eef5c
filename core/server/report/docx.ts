import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  Packer,
  PageBreak,
  Paragraph,
  TableOfContents,
  TextRun,
  type ParagraphChild,
} from 'docx';
import type { ReportDiff, ReportModel, ReportSection } from '../../shared/contract/report.js';
import { reportWords, type ReportWords } from './labels.js';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
] as const;
const heading = (level: number, text: string) =>
  new Paragraph({
    heading: HEADINGS[Math.min(level, HEADINGS.length - 1)],
    children: [new TextRun(text)],
  });
const para = (children: ParagraphChild[] | string, style?: string) =>
  new Paragraph({
    ...(style ? { style } : {}),
    children: typeof children === 'string' ? [new TextRun(children)] : children,
  });

/** Word styles of a case report: a quotation style, and a note style for missing sections. */
const STYLES = {
  paragraphStyles: [
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { italics: true, color: '404040' },
      paragraph: { indent: { left: 720, right: 720 }, spacing: { before: 120, after: 120 } },
    },
    {
      id: 'CasusNote',
      name: 'Casus note',
      basedOn: 'Normal',
      next: 'Normal',
      run: { italics: true, color: '7A4A00' },
    },
  ],
};

/**
 * The case report as a Word document: real heading styles (which build the table of contents
 * when Word opens it), quotations in the Quote style, and each quotation's source in a footnote
 * (pseudonym, source, place in the source).
 */
export async function reportDocx(
  m: ReportModel,
  w: ReportWords = reportWords(m.lang),
): Promise<Buffer> {
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  let nextNote = 1;
  const body: Paragraph[] = [];
  const grouped = m.chapters.some((c) => c.group);

  // Title page
  body.push(
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun(`${w.report}: ${m.caseLabel}`)],
    }),
    para(m.study),
    para(`${w.version} ${m.version} · ${w.date} ${m.date}`),
    para([new TextRun({ text: w.status, bold: true })]),
    para([new PageBreak()]),
    new Paragraph({ children: [new TextRun({ text: w.contents, bold: true })] }),
    new TableOfContents(w.contents, {
      hyperlink: true,
      headingStyleRange: '1-4',
    }) as unknown as Paragraph,
    para([new PageBreak()]),
  );

  // Introduction
  body.push(heading(0, w.introduction));
  body.push(para(w.pseudonymNote, 'CasusNote'));
  if (m.intro.attributes.length) {
    body.push(heading(1, w.attributes));
    for (const a of m.intro.attributes)
      body.push(para([new TextRun({ text: `${a.label}: `, bold: true }), new TextRun(a.value)]));
  }
  body.push(heading(1, w.sources));
  for (const s of m.intro.sources)
    body.push(
      new Paragraph({
        bullet: { level: 0 },
        children: [new TextRun(`${s.title} — ${s.type}, ${s.date ?? w.undated}`)],
      }),
    );
  body.push(heading(1, w.respondents));
  for (const r of m.intro.respondents)
    body.push(
      new Paragraph({
        bullet: { level: 0 },
        children: [new TextRun(`${r.pseudonym} — ${r.role}`)],
      }),
    );

  const section = (s: ReportSection, level: number) => {
    body.push(heading(level, s.title));
    if (s.synthesis) {
      for (const p of s.synthesis.paragraphs) body.push(para(p));
      for (const q of s.synthesis.quotes) {
        const id = nextNote++;
        footnotes[String(id)] = {
          children: [
            para([q.respondent, q.source, q.location].filter((x) => x).join(', ') || q.source),
          ],
        };
        body.push(para([new TextRun(`“${q.quote}”`), new FootnoteReferenceRun(id)], 'Quote'));
      }
    } else if (s.sections.length === 0) body.push(para(w.noSynthesis(s.evidence), 'CasusNote'));
    for (const sub of s.sections) section(sub, level + 1);
  };
  let group: string | null = null;
  for (const ch of m.chapters) {
    if (grouped && ch.group !== group) {
      group = ch.group;
      if (group) body.push(heading(0, group));
    }
    const level = grouped && ch.group ? 1 : 0;
    body.push(heading(level, ch.title));
    for (const s of ch.sections) section(s, level + 1);
  }

  const doc = new Document({
    title: `${w.report}: ${m.caseLabel}`,
    creator: 'Casus',
    styles: STYLES,
    features: { updateFields: true },
    footnotes,
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

/** What changed since an earlier version, as a Word document (for respondents to read). */
export async function diffDocx(
  m: ReportModel,
  d: ReportDiff,
  w: ReportWords = reportWords(m.lang),
): Promise<Buffer> {
  const body: Paragraph[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun(`${w.report}: ${m.caseLabel}`)],
    }),
    heading(0, w.changesTitle(d.from.number, d.from.date)),
    para(w.changesIntro),
  ];
  if (d.sections.length === 0) body.push(para(w.noChanges, 'CasusNote'));
  for (const s of d.sections) {
    body.push(heading(1, s.title));
    for (const c of s.changes) {
      const children: ParagraphChild[] = [
        new TextRun({
          text: `${c.kind === 'added' ? w.added : c.kind === 'removed' ? w.removed : w.changed}: `,
          bold: true,
        }),
      ];
      if (c.after !== null)
        children.push(new TextRun({ text: c.after, underline: {}, color: '1B5E20' }));
      if (c.before !== null)
        children.push(
          new TextRun({ text: c.after !== null ? ` (${w.was}: ` : '', color: '7F0000' }),
          new TextRun({ text: c.before, strike: true, color: '7F0000' }),
          new TextRun({ text: c.after !== null ? ')' : '', color: '7F0000' }),
        );
      body.push(new Paragraph({ bullet: { level: 0 }, alignment: AlignmentType.LEFT, children }));
    }
  }
  const doc = new Document({ creator: 'Casus', styles: STYLES, sections: [{ children: body }] });
  return Packer.toBuffer(doc);
}
