import type { Reader } from '../../../db/access.js';
import { caseById } from '../../../db/repo/cases.js';
import type { LogEntry } from '../../../db/repo/changelog.js';
import { codeRow } from '../../../db/repo/codes.js';
import { respondentById } from '../../../db/repo/respondents.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { getSourceBlocks, sourceRow } from '../../../db/repo/sources.js';
import type { Coordinate } from '../../shared/contract/synthesis.js';
import { describeCoordinate } from '../matrix/synthesis.js';

type Bi = { nl: string; en: string };
type Row = Record<string, unknown>;

/** Where an activity entry leads when opened. */
export type ActivityTarget =
  | { kind: 'source'; sourceId: string; start: number | null; end: number | null }
  | { kind: 'code'; codeId: string }
  | { kind: 'cell'; coordinate: Coordinate }
  | { kind: 'report'; caseId: string };

interface Parsed {
  entity: string;
  id: string;
  before: Row | null;
  after: Row | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const bi = (nl: string, en: string): Bi => ({ nl, en });
const quoteList = (names: string[]) => names.map((n) => `“${n}”`).join(', ');

/**
 * One action of the change log in words, in both languages ("Anna coded “Samenwerking:
 * multi-level” on FV-R1 ¶3"), and what it opens. Names are those of today where the thing still
 * exists, else those the log recorded.
 */
export function describeGroup(
  r: Reader,
  action: string,
  entries: LogEntry[],
  paragraphs = new Map<string, number[]>(),
): { text: Bi; target: ActivityTarget | null } {
  const rows: Parsed[] = entries
    .filter((e) => e.entity !== 'history')
    .map((e) => ({
      entity: e.entity,
      id: e.entity_id,
      before: e.before ? (JSON.parse(e.before) as Row) : null,
      after: e.after ? (JSON.parse(e.after) as Row) : null,
    }));
  const of = (entity: string) => rows.filter((x) => x.entity === entity);
  const row = (p: Parsed) => p.after ?? p.before ?? {};
  const codeName = (id: string, logged?: Row) => {
    const c = codeRow(r, id);
    return c
      ? bi(c.label_nl, c.label_en)
      : bi(str(logged?.label_nl) || id, str(logged?.label_en) || id);
  };
  const sourceLabel = (id: string): Bi => {
    const s = sourceRow(r, id);
    if (!s) return bi('een bron', 'a source');
    const who = s.respondent_id ? respondentById(r, s.respondent_id)?.pseudonym : undefined;
    return bi(who ?? s.title, who ?? s.title);
  };
  /** "FV-R1 ¶3": the source and the paragraph a passage starts in. */
  const where = (sourceId: string, start: number): Bi => {
    let starts = paragraphs.get(sourceId);
    if (!starts) {
      starts = getSourceBlocks(r, sourceId)
        .filter((b) => b.type !== 'page_break')
        .map((b) => b.start);
      paragraphs.set(sourceId, starts);
    }
    let n = 0;
    for (const s of starts) if (s <= start) n++;
    const label = sourceLabel(sourceId);
    return bi(`${label.nl} ¶${Math.max(1, n)}`, `${label.en} ¶${Math.max(1, n)}`);
  };
  /** The segment a coding belongs to (from the log, or as it is now). */
  const segmentOf = (segmentId: string) => {
    const logged = of('segments').find((s) => s.id === segmentId);
    const seg = logged ? row(logged) : (segmentRow(r, segmentId) as unknown as Row | undefined);
    return seg
      ? { sourceId: str(seg.source_id), start: Number(seg.start), end: Number(seg.end) }
      : null;
  };
  const codingNames = (list: Parsed[]) => {
    const names = list.map((k) => codeName(str(row(k).code_id)));
    return bi(quoteList(names.map((n) => n.nl)), quoteList(names.map((n) => n.en)));
  };
  const onPassage = (list: Parsed[]) => {
    const seg = list[0] ? segmentOf(str(row(list[0]).segment_id)) : null;
    return seg
      ? {
          at: where(seg.sourceId, seg.start),
          target: {
            kind: 'source',
            sourceId: seg.sourceId,
            start: seg.start,
            end: seg.end,
          } as const,
        }
      : { at: bi('een passage', 'a passage'), target: null };
  };
  const cellOf = () => {
    const c = of('synthesis_cells')[0];
    const coordinate = c
      ? (JSON.parse(str(row(c).coordinate) || '{}') as Coordinate)
      : ({} as Coordinate);
    return { label: describeCoordinate(r, coordinate), coordinate };
  };
  const codeTarget = (id: string): ActivityTarget => ({ kind: 'code', codeId: id });

  /** What a comment is about, in words, and where that leads. */
  const commentOn = (c: Row): { at: Bi; target: ActivityTarget | null } => {
    const id = str(c.target_id);
    switch (str(c.target_type)) {
      case 'segment': {
        const seg = segmentOf(id);
        return seg
          ? {
              at: where(seg.sourceId, seg.start),
              target: { kind: 'source', sourceId: seg.sourceId, start: seg.start, end: seg.end },
            }
          : { at: bi('een passage', 'a passage'), target: null };
      }
      case 'cell': {
        const coordinate = JSON.parse(id || '{}') as Coordinate;
        const label = describeCoordinate(r, coordinate);
        return {
          at: bi(`cel ${label.nl}`, `cell ${label.en}`),
          target: { kind: 'cell', coordinate },
        };
      }
      case 'code': {
        const name = codeName(id);
        return { at: bi(`code “${name.nl}”`, `code “${name.en}”`), target: codeTarget(id) };
      }
      default:
        return {
          at: sourceLabel(id),
          target: { kind: 'source', sourceId: id, start: null, end: null },
        };
    }
  };
  const REVIEW_WORDS: Record<string, Bi> = {
    ok: bi('in orde', 'OK'),
    questioned: bi('bevraagd', 'questioned'),
    settled: bi('afgerond', 'settled'),
  };

  switch (action) {
    case 'comments.add':
    case 'comments.resolve':
    case 'comments.reopen': {
      const c = of('comments')[0];
      const on = c ? commentOn(row(c)) : { at: bi('iets', 'something'), target: null };
      const reply = c ? Boolean(row(c).parent_id) : false;
      const verb =
        action === 'comments.resolve'
          ? bi('handelde een draad af over', 'resolved a thread on')
          : action === 'comments.reopen'
            ? bi('heropende een draad over', 'reopened a thread on')
            : reply
              ? bi('antwoordde op commentaar bij', 'replied to a comment on')
              : bi('gaf commentaar op', 'commented on');
      return { text: bi(`${verb.nl} ${on.at.nl}`, `${verb.en} ${on.at.en}`), target: on.target };
    }
    case 'segments.review': {
      const rv = of('segment_reviews')[0];
      const state = rv?.after ? str(rv.after.state) : '';
      const on = commentOn({ target_type: 'segment', target_id: rv?.id ?? '' });
      const words = REVIEW_WORDS[state];
      return {
        text: words
          ? bi(
              `beoordeelde de codering op ${on.at.nl} als ${words.nl}`,
              `marked the coding on ${on.at.en} ${words.en}`,
            )
          : bi(
              `zette de beoordeling van de codering op ${on.at.nl} terug`,
              `cleared the review of the coding on ${on.at.en}`,
            ),
        target: on.target,
      };
    }
    case 'coding.apply':
    case 'coding.inVivo':
    case 'search.autocode':
    case 'transcripts.codeSpeaker': {
      const added = of('codings').filter((k) => k.after && !k.before);
      const p = onPassage(added);
      const names = codingNames(added);
      const n = new Set(added.map((k) => str(row(k).segment_id))).size;
      if (n > 1)
        return {
          text: bi(`codeerde ${names.nl} op ${n} passages`, `coded ${names.en} on ${n} passages`),
          target: p.target,
        };
      return {
        text: bi(`codeerde ${names.nl} op ${p.at.nl}`, `coded ${names.en} on ${p.at.en}`),
        target: p.target,
      };
    }
    case 'coding.remove':
    case 'segments.uncode': {
      const gone = of('codings').filter((k) => k.before && !k.after);
      const p = onPassage(gone);
      const names = codingNames(gone);
      return {
        text: bi(`haalde ${names.nl} weg van ${p.at.nl}`, `removed ${names.en} from ${p.at.en}`),
        target: p.target,
      };
    }
    case 'segments.recode': {
      const gone = of('codings').filter((k) => k.before && !k.after);
      const added = of('codings').filter((k) => k.after && !k.before);
      const p = onPassage(gone);
      const from = codingNames(gone);
      const to = codingNames(added);
      return {
        text: bi(
          `hercodeerde ${from.nl} naar ${to.nl} op ${p.at.nl}`,
          `recoded ${from.en} to ${to.en} on ${p.at.en}`,
        ),
        target: p.target,
      };
    }
    case 'segments.update': {
      const s = of('segments')[0];
      const seg = s ? row(s) : {};
      const sourceId = str(seg.source_id);
      const at = where(sourceId, Number(seg.start));
      return {
        text: bi(
          `verschoof de grenzen van een passage in ${at.nl}`,
          `moved the boundaries of a passage in ${at.en}`,
        ),
        target: { kind: 'source', sourceId, start: Number(seg.start), end: Number(seg.end) },
      };
    }
    case 'codes.create':
    case 'codes.update':
    case 'codes.move':
    case 'codes.delete':
    case 'codes.split':
    case 'codes.merge': {
      const codes = of('codes');
      const first = codes[0];
      const id = first?.id ?? '';
      const name = codeName(id, first ? row(first) : undefined);
      const verbs: Record<string, Bi> = {
        'codes.create': bi('maakte code', 'created code'),
        'codes.update': bi('wijzigde code', 'changed code'),
        'codes.move': bi('verplaatste code', 'moved code'),
        'codes.delete': bi('verwijderde code', 'deleted code'),
        'codes.split': bi('splitste een code af:', 'split off a code:'),
      };
      if (action === 'codes.merge') {
        const from = codes.find((c) => c.before && !c.after);
        const into =
          of('codings').find((k) => k.after)?.after?.code_id ?? of('memos')[0]?.after?.target_id;
        const a = codeName(from?.id ?? '', from ? row(from) : undefined);
        const b = codeName(str(into));
        return {
          text: bi(
            `voegde code “${a.nl}” samen met “${b.nl}”`,
            `merged code “${a.en}” into “${b.en}”`,
          ),
          target: into ? codeTarget(str(into)) : null,
        };
      }
      if (action === 'codes.delete') {
        const n = of('codings').length;
        const gone = codes.at(-1);
        const top = codeName(gone?.id ?? id, gone ? row(gone) : undefined);
        return {
          text: bi(
            `verwijderde code “${top.nl}”${n ? ` met ${n} codering(en)` : ''}`,
            `deleted code “${top.en}”${n ? ` with ${n} coding(s)` : ''}`,
          ),
          target: null,
        };
      }
      const v = verbs[action] ?? bi(action, action);
      return { text: bi(`${v.nl} “${name.nl}”`, `${v.en} “${name.en}”`), target: codeTarget(id) };
    }
    case 'memos.save': {
      const m = of('memos')[0];
      const memo = m ? row(m) : {};
      const type = str(memo.target_type);
      const id = str(memo.target_id);
      if (type === 'source')
        return {
          text: bi(
            `schreef een memo bij ${sourceLabel(id).nl}`,
            `wrote a memo on ${sourceLabel(id).en}`,
          ),
          target: { kind: 'source', sourceId: id, start: null, end: null },
        };
      if (type === 'code') {
        const c = codeName(id);
        return {
          text: bi(`schreef een memo bij code “${c.nl}”`, `wrote a memo on code “${c.en}”`),
          target: codeTarget(id),
        };
      }
      if (type === 'segment') {
        const seg = segmentOf(id);
        const at = seg ? where(seg.sourceId, seg.start) : bi('een passage', 'a passage');
        return {
          text: bi(`schreef een memo bij ${at.nl}`, `wrote a memo on ${at.en}`),
          target: seg
            ? { kind: 'source', sourceId: seg.sourceId, start: seg.start, end: seg.end }
            : null,
        };
      }
      if (type === 'case') {
        const c = caseById(r, id);
        return {
          text: bi(
            `schreef een memo bij casus ${c?.label_nl ?? ''}`,
            `wrote a memo on case ${c?.label_en ?? ''}`,
          ),
          target: null,
        };
      }
      return {
        text: bi('schreef een memo bij het project', 'wrote a memo on the project'),
        target: null,
      };
    }
    case 'matrix.synthesis.save':
    case 'matrix.synthesis.setStatus':
    case 'matrix.synthesis.cite':
    case 'matrix.synthesis.uncite':
    case 'matrix.synthesis.restore':
    case 'validation.resolve': {
      const c = of('synthesis_cells')[0];
      const { label, coordinate } = cellOf();
      const target: ActivityTarget | null = c ? { kind: 'cell', coordinate } : null;
      if (action === 'matrix.synthesis.setStatus' && c) {
        const was = str(c.before?.status) || 'empty';
        const now = str(c.after?.status);
        return {
          text: bi(
            `synthese ${label.nl}: status ${was} → ${now}`,
            `synthesis ${label.en}: status ${was} → ${now}`,
          ),
          target,
        };
      }
      const what: Record<string, Bi> = {
        'matrix.synthesis.save': bi('tekst bewerkt', 'text edited'),
        'matrix.synthesis.cite': bi('passage geciteerd', 'passage cited'),
        'matrix.synthesis.uncite': bi('citaat weggehaald', 'citation removed'),
        'matrix.synthesis.restore': bi('eerdere versie teruggezet', 'earlier version restored'),
        'validation.resolve': bi(
          'correctie van een respondent afgehandeld',
          "a respondent's correction handled",
        ),
      };
      const w = what[action] ?? bi(action, action);
      return {
        text: c ? bi(`synthese ${label.nl}: ${w.nl}`, `synthesis ${label.en}: ${w.en}`) : w,
        target,
      };
    }
    case 'import.file':
    case 'import.newVersion':
    case 'import.updateSource': {
      const s = of('sources')[0];
      const src = s ? row(s) : {};
      const title = str(src.title);
      const verb =
        action === 'import.file'
          ? bi('importeerde', 'imported')
          : action === 'import.newVersion'
            ? bi('importeerde een nieuwe versie van', 'imported a new version of')
            : bi('wijzigde de gegevens van', 'changed the details of');
      return {
        text: bi(`${verb.nl} “${title}”`, `${verb.en} “${title}”`),
        target: s ? { kind: 'source', sourceId: s.id, start: null, end: null } : null,
      };
    }
    case 'history.undo':
    case 'history.redo':
      return {
        text:
          action === 'history.undo'
            ? bi('maakte een handeling ongedaan', 'undid an action')
            : bi('deed een handeling opnieuw', 'redid an action'),
        target: null,
      };
    case 'report.save':
    case 'validation.createRound':
    case 'validation.answer':
    case 'validation.correct':
    case 'validation.confirm': {
      const v = of('report_versions')[0] ?? of('validation_rounds')[0];
      const caseId = str(v ? row(v).case_id : '');
      const c = caseById(r, caseId);
      const name = bi(c?.label_nl ?? '', c?.label_en ?? '');
      const texts: Record<string, Bi> = {
        'report.save': bi(
          `legde een versie vast van het casusrapport ${name.nl}`,
          `kept a version of the case report ${name.en}`,
        ),
        'validation.createRound': bi(
          `stuurde het casusrapport ${name.nl} rond`,
          `sent the case report ${name.en} round`,
        ),
        'validation.answer': bi(
          'legde het antwoord van een respondent vast',
          "recorded a respondent's answer",
        ),
        'validation.correct': bi(
          'legde een correctie van een respondent vast',
          "recorded a respondent's correction",
        ),
        'validation.confirm': bi(
          `zette ${of('synthesis_cells').length} syntheses op gevalideerd`,
          `marked ${of('synthesis_cells').length} syntheses validated`,
        ),
      };
      return {
        text: texts[action] ?? bi(action, action),
        target: caseId ? { kind: 'report', caseId } : null,
      };
    }
    default: {
      const simple: Record<string, Bi> = {
        'project.create': bi('maakte het project', 'created the project'),
        'demo.load': bi('laadde de demostudie', 'loaded the demo study'),
        'cases.create': bi('maakte een casus', 'created a case'),
        'coders.create': bi('voegde een codeur toe', 'added a coder'),
        'coding.setFavourite': bi('wijzigde een sneltoets', 'changed a quick key'),
        'matrix.definitions.save': bi('legde een matrix vast', 'saved a matrix'),
        'matrix.definitions.delete': bi(
          'verwijderde een opgeslagen matrix',
          'deleted a saved matrix',
        ),
        'refi.importProject': bi('importeerde een REFI-QDA-project', 'imported a REFI-QDA project'),
        'refi.importCodebook': bi('importeerde een codeboek', 'imported a codebook'),
        'upgrade.projectMemos': bi(
          'zette geïmporteerde projectmemo’s op hun plaats (bij het bijwerken)',
          'put imported project memos in their place (when upgrading)',
        ),
        'respondents.update': bi('wijzigde een respondent', 'changed a respondent'),
        // Register entries are described without their term (it never reaches the log).
        'names.add': bi('voegde een term toe aan het register', 'added a term to the register'),
        'names.update': bi('wijzigde een term in het register', 'changed a register term'),
        'names.remove': bi('verwijderde een term uit het register', 'removed a register term'),
        'names.dismiss': bi('wees een kandidaat af', 'dismissed a candidate'),
        'names.undismiss': bi('nam een afwijzing terug', 'took back a dismissal'),
      };
      return { text: simple[action] ?? bi(action, action), target: null };
    }
  }
}
