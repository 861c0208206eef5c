import { createHash } from 'node:crypto';
import type { Reader, Writer } from '../../../db/access.js';
import { caseById } from '../../../db/repo/cases.js';
import { coderById } from '../../../db/repo/coders.js';
import {
  insertReportVersion,
  nextReportNumber,
  reportVersion,
  reportVersions,
  validationRound,
  validationRounds,
} from '../../../db/repo/reports.js';
import type { ReportVersionRow } from '../../../db/tables.js';
import {
  ReportModel,
  type ReportVersion,
  type reportContract,
} from '../../shared/contract/report.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { diffReports } from '../report/diff.js';
import { diffDocx, reportDocx } from '../report/docx.js';
import { diffHtml, reportHtml } from '../report/html.js';
import { reportWords } from '../report/labels.js';
import { buildReport } from '../report/model.js';
import { checkExport, exportName } from '../confidentiality/leak-check.js';
import { lensFor } from '../confidentiality/lens.js';
import { diffForAudience, reportForAudience } from '../confidentiality/outputs.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Lang = 'nl' | 'en';
type ReportHandlers = Pick<
  HandlersFor<typeof reportContract>,
  'report.build' | 'report.versions' | 'report.save' | 'report.diff' | 'report.export'
>;

const today = () => now().slice(0, 10);

function requireCase(r: Reader, caseId: string) {
  const c = caseById(r, caseId);
  if (!c) throw new CasusError('not_found', `No case with id ${caseId}`);
  return c;
}

/** The report as it stands, numbered as the next version would be. */
export function currentReport(r: Reader, caseId: string, lang: Lang) {
  requireCase(r, caseId);
  return buildReport(r, caseId, lang, { version: nextReportNumber(r, caseId), date: today() });
}

/**
 * The hash of what a report says: everything but its number and date, so an unchanged report is
 * recognised as the same version.
 */
function contentHash(m: ReportModel): string {
  const { version: _v, date: _d, ...content } = m;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export const storedModel = (v: ReportVersionRow): ReportModel =>
  ReportModel.parse(JSON.parse(v.content));

function toVersion(r: Reader, v: ReportVersionRow): ReportVersion {
  return {
    id: v.id,
    number: v.number,
    lang: v.lang,
    createdAt: v.created_at,
    createdBy: v.created_by ? (coderById(r, v.created_by)?.name ?? null) : null,
    hash: v.content_hash,
    rounds: validationRounds(r, v.case_id)
      .filter((x) => x.report_version_id === v.id)
      .map((x) => x.number),
  };
}

/**
 * Saves the report as it stands as the case's next version, inside the caller's action; when
 * nothing changed since the latest version (in the same language) that version is returned.
 */
export function saveReportVersion(
  w: Writer,
  caseId: string,
  lang: Lang,
  coderId: string | null,
): ReportVersionRow {
  const { model, used } = currentReport(w, caseId, lang);
  const hash = contentHash(model);
  const latest = reportVersions(w, caseId).at(-1);
  if (latest && latest.content_hash === hash && latest.lang === lang) return latest;
  return insertReportVersion(w, {
    id: newId(),
    case_id: caseId,
    number: model.version,
    lang,
    content: JSON.stringify(model),
    content_hash: hash,
    syntheses: JSON.stringify(used),
    created_at: now(),
    created_by: coderId,
  });
}

/** A saved version named by its id, or the version a validation round sent. */
function versionOf(r: Reader, caseId: string, ref: string): ReportVersionRow {
  const v =
    reportVersion(r, ref) ?? reportVersion(r, validationRound(r, ref)?.report_version_id ?? '');
  if (!v || v.case_id !== caseId)
    throw new CasusError(
      'not_found',
      `No report version or validation round ${ref} for this case (see report.versions)`,
    );
  return v;
}

function fileName(r: Reader, caseId: string, version: number, suffix: string, ext: string) {
  const key = requireCase(r, caseId).key;
  return `casusrapport-${key}-v${version}${suffix}.${ext}`;
}

export function reportHandlers(): ReportHandlers {
  return {
    'report.build': ({ caseId, lang }, ctx) => currentReport(ctx.read(), caseId, lang).model,
    'report.versions': ({ caseId }, ctx) => {
      const r = ctx.read();
      requireCase(r, caseId);
      return reportVersions(r, caseId).map((v) => toVersion(r, v));
    },
    'report.save': ({ caseId, lang }, ctx: ServiceContext) => {
      const row = ctx.action('report.save', (w) =>
        saveReportVersion(w, caseId, lang, ctx.coderId()),
      );
      return toVersion(ctx.read(), row);
    },
    'report.diff': ({ caseId, from, to, lang }, ctx) => {
      const r = ctx.read();
      const older = storedModel(versionOf(r, caseId, from));
      if (to) {
        const newer = storedModel(versionOf(r, caseId, to));
        return diffReports(older, newer, { number: newer.version, date: newer.date });
      }
      const now = currentReport(r, caseId, lang).model;
      return diffReports(older, now, { number: null, date: now.date });
    },
    'report.export': async ({ caseId, format, lang, versionId, diffFrom, audience }, ctx) => {
      const r = ctx.read();
      const team = versionId
        ? storedModel(versionOf(r, caseId, versionId))
        : currentReport(r, caseId, lang).model;
      // The audience applies to the model on its way out; the stored versions stay as they are.
      const lens = lensFor(r, audience, team.lang);
      const model = lens ? reportForAudience(team, lens) : team;
      const words = reportWords(team.lang, lens?.text);
      let file: { fileName: string; mime: string; bytes: Uint8Array };
      if (diffFrom) {
        const older = storedModel(versionOf(r, caseId, diffFrom));
        const teamDiff = diffReports(older, team, {
          number: versionId ? team.version : null,
          date: team.date,
        });
        const d = lens ? diffForAudience(teamDiff, lens) : teamDiff;
        const suffix = `-wijzigingen-sinds-v${older.version}`;
        file =
          format === 'docx'
            ? {
                fileName: fileName(r, caseId, team.version, suffix, 'docx'),
                mime: DOCX,
                bytes: await diffDocx(model, d, words),
              }
            : {
                fileName: fileName(r, caseId, team.version, suffix, 'html'),
                mime: 'text/html',
                bytes: Buffer.from(diffHtml(model, d, words)),
              };
      } else
        file =
          format === 'docx'
            ? {
                fileName: fileName(r, caseId, team.version, '', 'docx'),
                mime: DOCX,
                bytes: await reportDocx(model, words),
              }
            : {
                fileName: fileName(r, caseId, team.version, '', 'html'),
                mime: 'text/html',
                bytes: Buffer.from(reportHtml(model, words)),
              };
      const name = exportName(file.fileName, lens);
      const check = checkExport(file.bytes, name, lens);
      return {
        fileName: name,
        mime: file.mime,
        base64: Buffer.from(file.bytes).toString('base64'),
        check,
      };
    },
  };
}
