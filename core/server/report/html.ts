import type { ReportDiff, ReportModel, ReportSection } from '../../shared/contract/report.js';
import { reportWords, type ReportWords } from './labels.js';

const esc = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** Print-ready (A4) and readable on screen; no script, no external resource. */
const STYLE = `
@page { size: A4; margin: 22mm 20mm; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11.5pt; line-height: 1.5; color: #1a1a1a; max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3, h4, h5 { font-family: system-ui, sans-serif; line-height: 1.25; page-break-after: avoid; }
h1 { font-size: 20pt; } h2 { font-size: 16pt; } h3 { font-size: 13pt; } h4 { font-size: 12pt; } h5 { font-size: 11.5pt; }
.title-page { page-break-after: always; min-height: 60vh; }
.title-page .status { font-weight: bold; border: 2px solid #7a4a00; display: inline-block; padding: 0.2em 0.6em; }
nav.toc { page-break-after: always; } nav.toc ol { list-style: none; padding-left: 1.2em; }
blockquote { margin: 0.8em 2em; font-style: italic; color: #333; }
blockquote footer { font-style: normal; font-size: 10pt; color: #555; }
.note { font-style: italic; color: #7a4a00; }
.chapter { page-break-before: always; }
ins { color: #1b5e20; text-decoration: underline; } del { color: #7f0000; }
`;

function page(title: string, lang: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head><body>
${body}
</body></html>
`;
}

/** The case report as one self-contained HTML page, print-ready on A4. */
export function reportHtml(m: ReportModel, w: ReportWords = reportWords(m.lang)): string {
  const toc: string[] = [];
  const out: string[] = [];
  const anchor = (key: string) => `s-${key.replace(/[^\w-]+/g, '-')}`;
  const h = (level: number, key: string, text: string) => {
    const l = Math.min(level, 5);
    toc.push(
      `<li style="margin-left:${(l - 1) * 1.2}em"><a href="#${anchor(key)}">${esc(text)}</a></li>`,
    );
    return `<h${l} id="${anchor(key)}">${esc(text)}</h${l}>`;
  };
  out.push(h(1, 'intro', w.introduction), `<p class="note">${esc(w.pseudonymNote)}</p>`);
  if (m.intro.attributes.length)
    out.push(
      h(2, 'attributes', w.attributes),
      `<dl>${m.intro.attributes.map((a) => `<dt>${esc(a.label)}</dt><dd>${esc(a.value)}</dd>`).join('')}</dl>`,
    );
  out.push(
    h(2, 'sources', w.sources),
    `<ul>${m.intro.sources.map((s) => `<li>${esc(s.title)} — ${esc(s.type)}, ${esc(s.date ?? w.undated)}</li>`).join('')}</ul>`,
    h(2, 'respondents', w.respondents),
    `<ul>${m.intro.respondents.map((r) => `<li>${esc(r.pseudonym)} — ${esc(r.role)}</li>`).join('')}</ul>`,
  );
  const section = (s: ReportSection, level: number) => {
    out.push(h(level, s.key, s.title));
    if (s.synthesis) {
      for (const p of s.synthesis.paragraphs) out.push(`<p>${esc(p)}</p>`);
      for (const q of s.synthesis.quotes)
        out.push(
          `<blockquote><p>“${esc(q.quote)}”</p><footer>${esc(
            [q.respondent, q.source, q.location].filter((x) => x).join(', '),
          )}</footer></blockquote>`,
        );
    } else if (s.sections.length === 0)
      out.push(`<p class="note">${esc(w.noSynthesis(s.evidence))}</p>`);
    for (const sub of s.sections) section(sub, level + 1);
  };
  const grouped = m.chapters.some((c) => c.group);
  let group: string | null = null;
  for (const ch of m.chapters) {
    if (grouped && ch.group !== group) {
      group = ch.group;
      if (group) out.push(`<div class="chapter"></div>${h(1, `group-${group}`, group)}`);
    }
    const level = grouped && ch.group ? 2 : 1;
    out.push(level === 1 ? '<div class="chapter"></div>' : '', h(level, ch.key, ch.title));
    for (const s of ch.sections) section(s, level + 1);
  }
  const title = `${w.report}: ${m.caseLabel}`;
  return page(
    title,
    m.lang,
    `<section class="title-page"><h1>${esc(title)}</h1><p>${esc(m.study)}</p>
<p>${esc(w.version)} ${m.version} · ${esc(w.date)} ${esc(m.date)}</p><p class="status">${esc(w.status)}</p></section>
<nav class="toc" aria-label="${esc(w.contents)}"><h2>${esc(w.contents)}</h2><ol>${toc.join('')}</ol></nav>
${out.join('\n')}`,
  );
}

/** What changed since an earlier version, as a page to send respondents. */
export function diffHtml(
  m: ReportModel,
  d: ReportDiff,
  w: ReportWords = reportWords(m.lang),
): string {
  const parts = d.sections.map(
    (s) =>
      `<h2>${esc(s.title)}</h2><ul>${s.changes
        .map((c) => {
          const label = c.kind === 'added' ? w.added : c.kind === 'removed' ? w.removed : w.changed;
          const now = c.after !== null ? `<ins>${esc(c.after)}</ins>` : '';
          const was = c.before !== null ? `<del>${esc(c.before)}</del>` : '';
          return `<li><strong>${esc(label)}:</strong> ${now}${now && was ? ` (${esc(w.was)}: ${was})` : was}</li>`;
        })
        .join('')}</ul>`,
  );
  const title = `${w.report}: ${m.caseLabel}`;
  return page(
    title,
    m.lang,
    `<h1>${esc(title)}</h1><h2>${esc(w.changesTitle(d.from.number, d.from.date))}</h2>
<p>${esc(w.changesIntro)}</p>${parts.length ? parts.join('\n') : `<p class="note">${esc(w.noChanges)}</p>`}`,
  );
}
