import type { Reader } from '../../../db/access.js';
import type { Audience } from '../../shared/contract/confidentiality.js';
import type { ExportFormat, ParsedMatrixSpec } from '../../shared/contract/matrix.js';
import { exportName, passOrStop } from '../confidentiality/leak-check.js';
import { lensFor } from '../confidentiality/lens.js';
import { matrixJobForAudience } from '../confidentiality/outputs.js';
import { buildInExportWorker } from '../export/worker.js';
import { computeMatrix } from './engine.js';
import { matrixFileName, matrixTitle, type MatrixExportJob } from './export-files.js';
import { pseudonymKey, scopeLine } from './export-scope.js';
import { viewSyntheses } from './synthesis.js';

/**
 * A matrix as a file. The matrix and its syntheses are read here, on the project's connection
 * (which is not shared across threads), and the audience applied to them; the file is built from
 * that data in the export worker, which also runs the leak check on it, so a large docx or xlsx
 * never holds up the requests behind it. A file in which a register term remains is not returned.
 */
export async function exportMatrix(
  db: Reader,
  spec: ParsedMatrixSpec,
  format: ExportFormat,
  lang: 'nl' | 'en',
  title: string | undefined,
  table: 'counts' | 'syntheses',
  audience: Audience,
) {
  // Only the JSON export lists each cell's segments.
  const { bucket: _bucket, ...matrix } = computeMatrix(db, spec, {
    includeSegments: format === 'json',
  });
  const syntheses: MatrixExportJob['syntheses'] = [];
  for (const c of viewSyntheses(db, spec, matrix).cells)
    if (c.own) syntheses.push({ row: c.row, col: c.col, cell: c.own });
  const lens = lensFor(db, audience, lang);
  const teamJob: MatrixExportJob = {
    kind: 'matrix',
    matrix,
    syntheses,
    format,
    lang,
    title: matrixTitle(lang, title),
    table,
    scope: scopeLine(db, spec, lang),
    key: pseudonymKey(
      db,
      syntheses.map((s) => s.cell),
      lang,
    ),
  };
  const job = lens ? matrixJobForAudience(teamJob, lens) : teamJob;
  const named = matrixFileName(format, lang, job.title, table);
  const filename = exportName(named.filename, lens);
  const { bytes, leaks } = await buildInExportWorker({
    ...job,
    ...(lens?.entries.length ? { check: { fileName: filename, entries: [...lens.entries] } } : {}),
  });
  const check = lens ? passOrStop(filename, lens, leaks ?? { hits: [], total: 0 }) : null;
  return {
    filename,
    mime: named.mime,
    base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    check,
  };
}
