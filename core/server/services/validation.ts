import type { Reader } from '../../../db/access.js';
import {
  correction as correctionRow,
  insertAnswer,
  insertCorrection,
  insertRound,
  nextRoundNumber,
  reportVersion,
  roundAnswer,
  roundAnswers,
  roundCorrections,
  updateAnswer,
  updateCorrection,
  validationRound,
  validationRounds,
} from '../../../db/repo/reports.js';
import { respondentById, updateRespondent } from '../../../db/repo/respondents.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { synthesisCells, updateSynthesisCell } from '../../../db/repo/syntheses.js';
import { coderById } from '../../../db/repo/coders.js';
import { vocabulary, vocabularyKey } from '../../../db/repo/vocabulary.js';
import type { ValidationCorrectionRow, ValidationRoundRow } from '../../../db/tables.js';
import {
  CorrectionAnchor,
  type Correction,
  type Round,
  type ValidationStatus,
  type reportContract,
} from '../../shared/contract/report.js';
import { coordinateKey, type Coordinate } from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { describeCoordinate, writeCell } from '../matrix/synthesis.js';
import { flattenSections } from '../report/model.js';
import { saveReportVersion, storedModel } from './report.js';

type ValidationHandlers = Omit<
  HandlersFor<typeof reportContract>,
  'report.build' | 'report.versions' | 'report.save' | 'report.diff' | 'report.export'
>;

const today = () => now().slice(0, 10);

function requireRound(r: Reader, id: string): ValidationRoundRow {
  const round = validationRound(r, id);
  if (!round) throw new CasusError('not_found', `No validation round with id ${id}`);
  return round;
}

function requireRespondent(r: Reader, id: string) {
  const x = respondentById(r, id);
  if (!x) throw new CasusError('not_found', `No respondent with id ${id}`);
  return x;
}

function roleLabel(r: Reader, key: string): string {
  const v = vocabulary(r, 'role').find((x) => x.key === key);
  return v ? v.label_nl : key;
}

function toCorrection(r: Reader, c: ValidationCorrectionRow): Correction {
  const anchor = CorrectionAnchor.parse(JSON.parse(c.anchor));
  const where =
    'coordinate' in anchor
      ? describeCoordinate(r, anchor.coordinate).nl
      : `“${segmentRow(r, anchor.segmentId)?.text ?? '(passage deleted)'}”`;
  return {
    id: c.id,
    roundId: c.round_id,
    respondentId: c.respondent_id,
    respondent: respondentById(r, c.respondent_id)?.pseudonym ?? '?',
    anchor,
    where,
    text: c.text,
    state: c.state,
    reason: c.reason,
    synthesisId: c.synthesis_id,
    handledBy: c.handled_by ? (coderById(r, c.handled_by)?.name ?? null) : null,
    handledAt: c.handled_at,
    createdAt: c.created_at,
  };
}

function toRound(r: Reader, round: ValidationRoundRow): Round {
  const version = reportVersion(r, round.report_version_id);
  return {
    id: round.id,
    number: round.number,
    sentOn: round.sent_on,
    note: round.note,
    version: { id: round.report_version_id, number: version?.number ?? 0 },
    answers: roundAnswers(r, round.id).map((a) => {
      const who = respondentById(r, a.respondent_id);
      return {
        respondentId: a.respondent_id,
        respondent: who?.pseudonym ?? '?',
        role: who ? roleLabel(r, who.role) : '',
        status: a.status,
        comment: a.comment,
        answeredOn: a.answered_on,
      };
    }),
    corrections: roundCorrections(r, round.id).map((c) => toCorrection(r, c)),
  };
}

/** The case's written syntheses (a coordinate with this case, with text) and their rows. */
function caseCells(r: Reader, caseId: string) {
  return synthesisCells(r).filter((c) => {
    const coordinate = JSON.parse(c.coordinate) as Coordinate;
    return coordinate.case === caseId && c.body_text.trim() !== '';
  });
}

/** Whether the case's cells may be marked validated, and if not, why (in words). */
function readiness(r: Reader, caseId: string) {
  const rounds = validationRounds(r, caseId);
  const latest = rounds.at(-1);
  type Blocker = ValidationStatus['blockers'][number];
  const blockers: Blocker[] = [];
  let open = 0;
  for (const round of rounds)
    open += roundCorrections(r, round.id).filter((c) => c.state === 'open').length;
  let allAnswered = false;
  if (!latest)
    blockers.push({
      kind: 'no-round',
      who: [],
      n: 0,
      text: 'The report has not been sent round yet.',
    });
  else {
    const waiting = roundAnswers(r, latest.id)
      .filter((a) => a.status === 'none')
      .map((a) => respondentById(r, a.respondent_id)?.pseudonym ?? '?');
    allAnswered = waiting.length === 0;
    if (waiting.length)
      blockers.push({
        kind: 'waiting',
        who: waiting,
        n: latest.number,
        text: `No answer yet from ${waiting.join(', ')} (round ${latest.number}).`,
      });
  }
  if (open)
    blockers.push({
      kind: 'open-corrections',
      who: [],
      n: open,
      text: `${open} correction${open === 1 ? ' is' : 's are'} still open.`,
    });
  const toValidate = caseCells(r, caseId).filter(
    (c) => c.status === 'draft' || c.status === 'agreed' || c.status === 'empty',
  );
  if (toValidate.length === 0)
    blockers.push({
      kind: 'nothing-to-validate',
      who: [],
      n: 0,
      text: 'No written synthesis of this case awaits validation.',
    });
  return { rounds, open, allAnswered, blockers, toValidate };
}

/**
 * The anchor as a section or quoted passage of the version the round sent. A coordinate that
 * names only some of a section's dimensions (e.g. principle and category, where the report's
 * factor section also fixes the facet) finds the one section it fits; several fits are refused,
 * naming them.
 */
function resolveAnchor(
  r: Reader,
  round: ValidationRoundRow,
  anchor: CorrectionAnchor,
): CorrectionAnchor {
  const version = reportVersion(r, round.report_version_id);
  if (!version) throw new CasusError('internal', `Round ${round.number} lost its report version`);
  const sections = flattenSections(storedModel(version));
  if ('coordinate' in anchor) {
    const key = coordinateKey(anchor.coordinate);
    if (sections.some((x) => coordinateKey(x.section.coordinate) === key)) return anchor;
    const given = Object.entries(anchor.coordinate);
    const fits = sections.filter(
      (x) =>
        x.section.sections.length === 0 &&
        given.every(([d, v]) => x.section.coordinate[d as keyof Coordinate] === v),
    );
    const one = fits[0];
    if (fits.length === 1 && one) return { coordinate: one.section.coordinate };
    const what = describeCoordinate(r, anchor.coordinate).nl;
    throw new CasusError(
      'invalid_input',
      fits.length === 0
        ? `"${what}" is not a section of report version ${version.number}`
        : `"${what}" fits ${fits.length} sections of report version ${version.number}: ${fits
            .map((x) => x.path.join(' › '))
            .join('; ')} — name one more dimension`,
    );
  }
  if (
    !sections.some((x) => x.section.synthesis?.quotes.some((q) => q.segmentId === anchor.segmentId))
  )
    throw new CasusError(
      'invalid_input',
      `Segment ${anchor.segmentId} is not quoted in report version ${version.number}`,
    );
  return anchor;
}

export function validationHandlers(): ValidationHandlers {
  return {
    'validation.createRound': ({ caseId, respondentIds, sentOn, note, lang }, ctx) => {
      const round = ctx.action('validation.createRound', (w) => {
        for (const id of respondentIds) {
          const x = requireRespondent(w, id);
          if (x.case_id !== caseId)
            throw new CasusError(
              'invalid_input',
              `${x.pseudonym} is not a respondent of this case; a case report goes to its own respondents`,
            );
        }
        const version = saveReportVersion(w, caseId, lang, ctx.coderId());
        const row = insertRound(w, {
          id: newId(),
          case_id: caseId,
          number: nextRoundNumber(w, caseId),
          report_version_id: version.id,
          sent_on: sentOn ?? today(),
          note,
          created_at: now(),
          created_by: ctx.coderId(),
        });
        for (const respondentId of new Set(respondentIds))
          insertAnswer(w, {
            id: newId(),
            round_id: row.id,
            respondent_id: respondentId,
            status: 'none',
            comment: '',
            answered_on: null,
            recorded_by: null,
            updated_at: now(),
          });
        return row;
      });
      return toRound(ctx.read(), round);
    },
    'validation.status': ({ caseId }, ctx) => {
      const r = ctx.read();
      const s = readiness(r, caseId);
      return {
        caseId,
        rounds: s.rounds.map((x) => toRound(r, x)),
        openCorrections: s.open,
        allAnswered: s.allAnswered,
        canConfirm: s.blockers.length === 0,
        blockers: s.blockers,
        cellsToValidate: s.toValidate.length,
      };
    },
    'validation.answer': ({ roundId, respondentId, status, comment, answeredOn }, ctx) => {
      ctx.action('validation.answer', (w) => {
        const round = requireRound(w, roundId);
        const answer = roundAnswer(w, round.id, respondentId);
        if (!answer)
          throw new CasusError(
            'invalid_input',
            `${requireRespondent(w, respondentId).pseudonym} was not sent round ${round.number}`,
          );
        updateAnswer(w, answer, {
          status,
          comment,
          answered_on: status === 'none' ? null : (answeredOn ?? today()),
          recorded_by: ctx.coderId(),
          updated_at: now(),
        });
      });
      return toRound(ctx.read(), requireRound(ctx.read(), roundId));
    },
    'validation.correct': ({ roundId, respondentId, anchor, text }, ctx) => {
      const row = ctx.action('validation.correct', (w) => {
        const round = requireRound(w, roundId);
        const answer = roundAnswer(w, round.id, respondentId);
        if (!answer)
          throw new CasusError(
            'invalid_input',
            `${requireRespondent(w, respondentId).pseudonym} was not sent round ${round.number}`,
          );
        const where = resolveAnchor(w, round, anchor);
        // Asking for a correction is an answer: "approved with corrections".
        if (answer.status === 'none')
          updateAnswer(w, answer, {
            status: 'corrections',
            answered_on: today(),
            recorded_by: ctx.coderId(),
            updated_at: now(),
          });
        return insertCorrection(w, {
          id: newId(),
          round_id: round.id,
          respondent_id: respondentId,
          anchor: JSON.stringify(where),
          text,
          state: 'open',
          reason: '',
          synthesis_id: null,
          handled_by: null,
          handled_at: null,
          created_at: now(),
          created_by: ctx.coderId(),
        });
      });
      return toCorrection(ctx.read(), row);
    },
    'validation.resolve': ({ correctionId, decision, reason, synthesis }, ctx) => {
      const row = ctx.action('validation.resolve', (w) => {
        const c = correctionRow(w, correctionId);
        if (!c) throw new CasusError('not_found', `No correction with id ${correctionId}`);
        if (c.state !== 'open')
          throw new CasusError('conflict', `This correction was ${c.state} already`);
        if (decision === 'reject') {
          if (!reason.trim())
            throw new CasusError('invalid_input', 'Say why the correction is rejected (a reason)');
          if (synthesis)
            throw new CasusError('invalid_input', 'A rejected correction does not change the text');
          return updateCorrection(w, c, {
            state: 'rejected',
            reason,
            handled_by: ctx.coderId(),
            handled_at: now(),
          });
        }
        let synthesisId: string | null = null;
        if (synthesis) {
          const anchor = CorrectionAnchor.parse(JSON.parse(c.anchor));
          if (!('coordinate' in anchor))
            throw new CasusError(
              'invalid_input',
              'This correction is about a quoted passage: the source text cannot change (import a corrected version of the source instead)',
            );
          // The synthesis keeps its history: this edit is one more version, made by this action.
          synthesisId = writeCell(w, anchor.coordinate, ctx.coderId(), () => ({
            body: synthesis.body,
            body_text: synthesis.bodyText,
          })).id;
        }
        return updateCorrection(w, c, {
          state: 'accepted',
          reason,
          synthesis_id: synthesisId,
          handled_by: ctx.coderId(),
          handled_at: now(),
        });
      });
      return toCorrection(ctx.read(), row);
    },
    'validation.confirm': ({ caseId }, ctx) =>
      ctx.action('validation.confirm', (w) => {
        const s = readiness(w, caseId);
        if (s.blockers.length)
          throw new CasusError(
            'conflict',
            `The case cannot be marked validated yet: ${s.blockers.map((b) => b.text).join(' ')}`,
            { blockers: s.blockers },
          );
        for (const cell of s.toValidate)
          updateSynthesisCell(w, cell, {
            status: 'validated',
            status_by: ctx.coderId(),
            status_at: now(),
            updated_by: ctx.coderId(),
            updated_at: now(),
          });
        return { validated: s.toValidate.length };
      }),
    'respondents.update': ({ id, pseudonym, role, organisation, realName }, ctx) =>
      ctx.action('respondents.update', (w) => {
        const before = requireRespondent(w, id);
        const roleKey = role === undefined ? undefined : vocabularyKey(w, 'role', role);
        if (role !== undefined && roleKey === null)
          throw new CasusError(
            'invalid_input',
            `Unknown role "${role}"; use one of: ${vocabulary(w, 'role')
              .map((v) => v.key)
              .join(', ')}`,
          );
        const x = updateRespondent(w, before.id, {
          ...(pseudonym !== undefined ? { pseudonym } : {}),
          ...(roleKey ? { role: roleKey } : {}),
          ...(organisation !== undefined ? { organisation } : {}),
          ...(realName !== undefined ? { real_name: realName || null } : {}),
        });
        return {
          id: x.id,
          pseudonym: x.pseudonym,
          role: x.role,
          organisation: x.organisation,
          caseId: x.case_id,
          hasRealName: x.hasRealName,
        };
      }),
  };
}
