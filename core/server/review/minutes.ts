import {
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Reader } from '../../../db/access.js';
import {
  followUpOf,
  reviewItems,
  reviewParticipants,
  reviewRemarks,
  reviewSnapshots,
  type ReviewParticipantRow,
  type ReviewRemarkRow,
} from '../../../db/repo/review.js';
import { caseById } from '../../../db/repo/cases.js';
import type { Audience, ExportCheck } from '../../shared/contract/confidentiality.js';
import { HEAT_PALETTE } from '../../shared/contract/matrix.js';
import { SnapshotContent } from '../../shared/contract/review.js';
import {
  REVEAL_WORDS,
  STATE_WORDS,
  STATUS_WORDS,
  TAG_WORDS,
  word,
} from '../../shared/review/words.js';
import { checkExport, exportName } from '../confidentiality/leak-check.js';
import { lensFor, type Lens } from '../confidentiality/lens.js';
import { snapshotForLens } from './audience.js';
import { describeCell } from './headers.js';
import { sessionRow } from './model.js';
import { itemSpec } from './snapshot.js';

type Lang = 'nl' | 'en';

const T = {
  nl: {
    minutes: 'Verslag groepsreview',
    date: 'Datum',
    participants: 'Deelnemers',
    notListed: (n: number) =>
      `en ${n} deelnemer${n === 1 ? '' : 's'} die niet bij naam genoemd ${n === 1 ? 'wordt' : 'worden'}`,
    none: 'Geen deelnemers vastgelegd.',
    item: 'Agendapunt',
    question: 'Vraag aan de zaal',
    shown: (at: string) => `Getoond om ${at}`,
    notShown: 'Niet getoond tijdens de sessie.',
    what: 'Wat de zaal zag',
    counts: 'aantallen (heatmap)',
    syntheses: 'syntheseteksten',
    quotes: (n: number) => `tot ${n} citaten per vak (onder pseudoniem)`,
    hidden: 'casusnamen verborgen',
    reveal: 'onthulling',
    remarks: 'Opmerkingen en besluiten',
    noRemarks: 'Geen opmerkingen.',
    room: 'de zaal',
    aParticipant: 'een deelnemer',
    shownToRoom: 'getoond aan de zaal',
    followUps: 'Vervolgacties',
    noFollowUps: 'Geen vervolgacties.',
    remark: 'opmerking',
    cell: 'vak',
    row: 'Rij',
    empty: '—',
    legend: 'Legenda',
    ended: 'Sessie afgesloten',
    open: 'Sessie nog niet afgesloten',
  },
  en: {
    minutes: 'Minutes of group review',
    date: 'Date',
    participants: 'Participants',
    notListed: (n: number) => `and ${n} participant${n === 1 ? '' : 's'} not named`,
    none: 'No participants recorded.',
    item: 'Agenda item',
    question: 'Question for the room',
    shown: (at: string) => `Shown at ${at}`,
    notShown: 'Not shown in the session.',
    what: 'What the room saw',
    counts: 'counts (heatmap)',
    syntheses: 'synthesis texts',
    quotes: (n: number) => `up to ${n} quotes per cell (under pseudonym)`,
    hidden: 'case names hidden',
    reveal: 'reveal',
    remarks: 'Remarks and decisions',
    noRemarks: 'No remarks.',
    room: 'the room',
    aParticipant: 'a participant',
    shownToRoom: 'shown to the room',
    followUps: 'Follow-ups',
    noFollowUps: 'No follow-ups.',
    remark: 'remark',
    cell: 'cell',
    row: 'Row',
    empty: '—',
    legend: 'Legend',
    ended: 'Session ended',
    open: 'Session not ended yet',
  },
} as const;

/** The minutes as a document model, rendered as HTML or DOCX below. */
interface MinutesModel {
  lang: Lang;
  title: string;
  date: string;
  state: string;
  participants: string[];
  items: {
    heading: string;
    question: string;
    snapshots: {
      shownAt: string;
      what: string;
      content: SnapshotContent;
      remarks: RemarkLine[];
    }[];
    /** Remarks made before the item was shown (captured from the command line). */
    unshownRemarks: RemarkLine[];
  }[];
  followUps: string[];
}

interface RemarkLine {
  n: number;
  tag: string;
  text: string;
  by: string;
  cell: string | null;
  shown: boolean;
}

const time = (iso: string) => iso.slice(11, 16);

/** A participant as the facilitator chose to name them in the minutes. */
function participantLine(r: Reader, p: ReviewParticipantRow, lang: Lang): string | null {
  if (p.listing === 'hidden') return null;
  const c = p.case_id ? caseById(r, p.case_id) : undefined;
  const org = [p.organisation, c ? (lang === 'nl' ? c.label_nl : c.label_en) : '']
    .filter(Boolean)
    .join(', ');
  const rest = [org, p.role].filter(Boolean).join(' — ');
  if (p.listing === 'role') return rest || T[lang].aParticipant;
  return rest ? `${p.name} (${rest})` : p.name;
}

function speaker(p: ReviewParticipantRow | undefined, r: Reader, lang: Lang): string {
  if (!p) return T[lang].room;
  if (p.listing === 'name') return p.name;
  if (p.listing === 'role') return participantLine(r, p, lang) ?? T[lang].aParticipant;
  return T[lang].aParticipant;
}

/**
 * The minutes as their audience may read them: everything that came from the project (titles,
 * names, remarks, what the room saw) through the lens; for the team (no lens) as it is.
 */
function model(r: Reader, sessionId: string, lang: Lang, lens: Lens | null): MinutesModel {
  const t = T[lang];
  const out = (s: string) => (lens ? lens.text(s) : s);
  const s = sessionRow(r, sessionId);
  const people = reviewParticipants(r, sessionId);
  const listed = people
    .map((p) => participantLine(r, p, lang))
    .filter((x) => x !== null)
    .map(out);
  const hidden = people.length - listed.length;
  const byId = new Map(people.map((p) => [p.id, p]));
  const snaps = reviewSnapshots(r, sessionId).map((x) => ({
    ...x,
    parsed: ((c: SnapshotContent) => (lens ? snapshotForLens(c, lens) : c))(
      SnapshotContent.parse(JSON.parse(x.content)),
    ),
  }));
  const remarks = reviewRemarks(r, sessionId);
  const line = (x: ReviewRemarkRow): RemarkLine => {
    const snap = snaps.find((y) => y.id === x.snapshot_id)?.parsed;
    let cell: string | null = null;
    if (x.cell_row && x.cell_col) {
      // Named as the room saw the cell (a hidden case keeps its alias here too).
      const row = snap?.rows.find((y) => y.id === x.cell_row);
      const col = snap?.cols.find((y) => y.id === x.cell_col);
      if (row && col)
        cell = `${row.parent ? `${row.parent.label[lang]} — ` : ''}${row.label[lang]} × ${col.label[lang]}`;
      else {
        const item = reviewItems(r, sessionId).find((i) => i.id === x.item_id);
        cell = item ? out(describeCell(r, itemSpec(item), x.cell_row, x.cell_col)[lang]) : null;
      }
    }
    return {
      n: x.n,
      tag: word(TAG_WORDS[x.tag], lang),
      text: out(x.text),
      by: out(speaker(x.participant_id ? byId.get(x.participant_id) : undefined, r, lang)),
      cell,
      shown: x.shown === 1,
    };
  };
  const items = reviewItems(r, sessionId).map((item) => {
    const own = snaps.filter((x) => x.item_id === item.id);
    const mine = remarks.filter((x) => x.item_id === item.id);
    const focus = own[0]?.parsed.focusLabel[lang] ?? '';
    return {
      heading: `${t.item} ${item.position}: ${out(lang === 'nl' ? item.name_nl : item.name_en)}${focus ? ` — ${focus}` : ''}`,
      question: out(item.question),
      snapshots: own.map((x) => {
        const c = x.parsed;
        const what = [
          c.show.counts ? t.counts : '',
          c.show.syntheses ? t.syntheses : '',
          c.show.quotes > 0 ? t.quotes(c.show.quotes) : '',
          c.show.hideCases ? t.hidden : '',
          `${t.reveal}: ${word(REVEAL_WORDS[c.reveal], lang)}`,
        ]
          .filter(Boolean)
          .join('; ');
        return {
          shownAt: t.shown(time(x.taken_at)),
          what,
          content: c,
          remarks: mine.filter((y) => y.snapshot_id === x.id).map(line),
        };
      }),
      unshownRemarks: mine
        .filter((y) => y.snapshot_id === null || !own.some((x) => x.id === y.snapshot_id))
        .map(line),
    };
  });
  const followUps = remarks.flatMap((x) => {
    const f = followUpOf(r, x.id);
    if (!f) return [];
    return [
      `#${x.n} (${word(TAG_WORDS[x.tag], lang)}): ${word(STATE_WORDS[f.state], lang)}${f.state === 'dismissed' && f.reason ? ` — ${out(f.reason)}` : ''}`,
    ];
  });
  return {
    lang,
    title: `${t.minutes}: ${out(s.title)}`,
    date: lens ? lens.date(s.date) : s.date,
    state: s.closed_at ? `${t.ended} ${time(s.closed_at)}` : t.open,
    participants: hidden > 0 ? [...listed, t.notListed(hidden)] : listed,
    items,
    followUps,
  };
}

/** The value shown in a cell of a snapshot, with its synthesis and quotes as lines. */
function cellLines(c: SnapshotContent, row: string, col: string, lang: Lang): string[] {
  const cell = c.cells.find((x) => x.row === row && x.col === col);
  if (!cell) return [];
  const out: string[] = [];
  if (c.show.counts && cell.shown) out.push(cell.shown);
  if (c.show.syntheses && cell.synthesis)
    out.push(`[${word(STATUS_WORDS[cell.synthesis.status], lang)}] ${cell.synthesis.text}`);
  for (const q of cell.quotes) out.push(`“${q.text}” (${q.by[lang]})`);
  return out;
}

const remarkText = (x: RemarkLine, t: (typeof T)[Lang]) =>
  `#${x.n} [${x.tag}] ${x.text} — ${x.by}${x.cell ? ` (${t.cell}: ${x.cell})` : ''}${x.shown ? ` (${t.shownToRoom})` : ''}`;

const esc = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const rowName = (r: SnapshotContent['rows'][number], lang: Lang) =>
  r.parent ? `${r.parent.label[lang]} — ${r.label[lang]}` : r.label[lang];

function snapshotHtml(c: SnapshotContent, lang: Lang): string {
  const t = T[lang];
  const head = c.cols.map((col) => `<th scope="col">${esc(col.label[lang])}</th>`).join('');
  const body = c.rows
    .map((row) => {
      const cells = c.cols
        .map((col) => {
          const cell = c.cells.find((x) => x.row === row.id && x.col === col.id);
          const heat = c.show.counts && cell?.heat != null ? HEAT_PALETTE[cell.heat] : undefined;
          const dark = (cell?.heat ?? 0) >= 4;
          const lines = cellLines(c, row.id, col.id, lang);
          const style = heat
            ? ` style="background:${heat};color:${dark ? '#fff' : '#1a1a1a'}"`
            : '';
          return `<td${style}>${lines.map((l) => `<p>${esc(l)}</p>`).join('') || esc(t.empty)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(rowName(row, lang))}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th scope="col">${esc(t.row)}</th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function toHtml(m: MinutesModel): string {
  const t = T[m.lang];
  const list = (xs: string[], empty: string) =>
    xs.length ? `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : `<p>${esc(empty)}</p>`;
  const remarks = (xs: RemarkLine[]) =>
    xs.length
      ? `<ol class="remarks">${xs.map((x) => `<li value="${x.n}" data-tag="${esc(x.tag)}">${esc(remarkText(x, t))}</li>`).join('')}</ol>`
      : `<p class="muted">${esc(t.noRemarks)}</p>`;
  const items = m.items
    .map((it) => {
      const parts = [`<section><h2>${esc(it.heading)}</h2>`];
      if (it.question)
        parts.push(`<p><strong>${esc(t.question)}:</strong> ${esc(it.question)}</p>`);
      if (it.snapshots.length === 0) parts.push(`<p class="muted">${esc(t.notShown)}</p>`);
      for (const s of it.snapshots)
        parts.push(
          `<h3>${esc(s.shownAt)}</h3><p class="muted">${esc(t.what)}: ${esc(s.what)}</p>`,
          snapshotHtml(s.content, m.lang),
          `<h4>${esc(t.remarks)}</h4>`,
          remarks(s.remarks),
        );
      if (it.unshownRemarks.length)
        parts.push(`<h4>${esc(t.remarks)}</h4>`, remarks(it.unshownRemarks));
      parts.push('</section>');
      return parts.join('\n');
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${m.lang}"><head><meta charset="utf-8"><title>${esc(m.title)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:15px;color:#1a1a1a;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #888;padding:6px;vertical-align:top;text-align:left}
td p{margin:0 0 .3rem}.muted{color:#555}.remarks li{margin:.2rem 0}
</style></head><body>
<h1>${esc(m.title)}</h1>
<p>${esc(t.date)}: ${esc(m.date)} · ${esc(m.state)}</p>
<h2>${esc(t.participants)}</h2>
${list(m.participants, t.none)}
${items}
<h2>${esc(t.followUps)}</h2>
${list(m.followUps, t.noFollowUps)}
</body></html>
`;
}

async function toDocx(m: MinutesModel): Promise<Buffer> {
  const t = T[m.lang];
  const p = (text: string, opts: { bold?: boolean; size?: number; italics?: boolean } = {}) =>
    new Paragraph({
      children: [
        new TextRun({
          text,
          bold: opts.bold ?? false,
          italics: opts.italics ?? false,
          size: opts.size ?? 20,
        }),
      ],
    });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: m.title, heading: HeadingLevel.HEADING_1 }),
    p(`${t.date}: ${m.date} · ${m.state}`),
    new Paragraph({ text: t.participants, heading: HeadingLevel.HEADING_2 }),
    ...(m.participants.length ? m.participants.map((x) => p(`• ${x}`)) : [p(t.none)]),
  ];
  const remarks = (xs: RemarkLine[]) =>
    xs.length ? xs.map((x) => p(remarkText(x, t))) : [p(t.noRemarks, { italics: true })];
  for (const it of m.items) {
    children.push(new Paragraph({ text: it.heading, heading: HeadingLevel.HEADING_2 }));
    if (it.question) children.push(p(`${t.question}: ${it.question}`, { bold: true }));
    if (it.snapshots.length === 0) children.push(p(t.notShown, { italics: true }));
    for (const s of it.snapshots) {
      const c = s.content;
      children.push(
        new Paragraph({ text: s.shownAt, heading: HeadingLevel.HEADING_3 }),
        p(`${t.what}: ${s.what}`, { italics: true }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: [t.row, ...c.cols.map((x) => x.label[m.lang])].map(
                (x) => new TableCell({ children: [p(x, { bold: true })] }),
              ),
            }),
            ...c.rows.map(
              (row) =>
                new TableRow({
                  children: [
                    new TableCell({ children: [p(rowName(row, m.lang), { bold: true })] }),
                    ...c.cols.map((col) => {
                      const cell = c.cells.find((x) => x.row === row.id && x.col === col.id);
                      const lines = cellLines(c, row.id, col.id, m.lang);
                      const heat =
                        c.show.counts && !c.show.syntheses && cell?.heat != null
                          ? HEAT_PALETTE[cell.heat]
                          : undefined;
                      return new TableCell({
                        children: (lines.length ? lines : [t.empty]).map((l) => p(l, { size: 18 })),
                        ...(heat
                          ? {
                              shading: {
                                type: ShadingType.CLEAR,
                                color: 'auto',
                                fill: heat.slice(1),
                              },
                            }
                          : {}),
                      });
                    }),
                  ],
                }),
            ),
          ],
        }),
        new Paragraph({ text: t.remarks, heading: HeadingLevel.HEADING_4 }),
        ...remarks(s.remarks),
      );
    }
    if (it.unshownRemarks.length)
      children.push(
        new Paragraph({ text: t.remarks, heading: HeadingLevel.HEADING_4 }),
        ...remarks(it.unshownRemarks),
      );
  }
  children.push(
    new Paragraph({ text: t.followUps, heading: HeadingLevel.HEADING_2 }),
    ...(m.followUps.length ? m.followUps.map((x) => p(`• ${x}`)) : [p(t.noFollowUps)]),
  );
  const doc = new Document({
    creator: 'Casus',
    title: m.title,
    sections: [
      { properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children },
    ],
  });
  return Packer.toBuffer(doc);
}

const MIME = {
  html: 'text/html;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * The minutes of a session as a file: every remark once, under its item, in order. Made for an
 * audience and leak-checked for it (a term left in stops it: 'leak_found').
 */
export async function buildMinutes(
  r: Reader,
  sessionId: string,
  format: 'docx' | 'html',
  lang: Lang,
  audience: Audience,
): Promise<{ filename: string; mime: string; base64: string; check: ExportCheck | null }> {
  const lens = lensFor(r, audience, lang);
  const m = model(r, sessionId, lang, lens);
  const bytes = format === 'html' ? Buffer.from(toHtml(m)) : await toDocx(m);
  const s = sessionRow(r, sessionId);
  const date = lens ? lens.date(s.date) : s.date;
  const title = lens ? lens.text(s.title) : s.title;
  const base =
    `${T[lang].minutes} ${title} ${date}`.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') ||
    'minutes';
  const filename = exportName(`${base}.${format}`, lens);
  const check = checkExport(bytes, filename, lens);
  return { filename, mime: MIME[format], base64: bytes.toString('base64'), check };
}
