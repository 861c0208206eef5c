import type { Reader } from '../../../db/access.js';
import type { ExportFormat, ParsedMatrixSpec } from '../../shared/contract/matrix.js';
import { buildInExportWorker } from '../export/worker.js';
import { computeMatrix } from './engine.js';
import { matrixFileName, matrixTitle, type MatrixExportJob } from './export-files.js';
import { pseudonymKey, scopeLine } from './export-scope.js';
import { viewSyntheses } from './synthesis.js';

/**
 * A matrix as a file. The matrix and its syntheses are read here, on the project's connection
 * (which is not shared across threads); the file is built from that data in the export worker,
 * so a large docx or xlsx never holds up the requests behind it.
 */
export async function exportMatrix(
  db: Reader,
  spec: ParsedMatrixSpec,
  format: ExportFormat,
  lang: 'nl' | 'en',
  title?: string,
  table: 'counts' | 'syntheses' = 'counts',
): Promise<{ filename: string; mime: string; base64: string }> {
  // Only the JSON export lists each cell's segments.
  const { bucket: _bucket, ...matrix } = computeMatrix(db, spec, {
    includeSegments: format === 'json',
  });
  const syntheses: MatrixExportJob['syntheses'] = [];
  for (const c of viewSyntheses(db, spec, matrix).cells)
    if (c.own) syntheses.push({ row: c.row, col: c.col, cell: c.own });
  const name = matrixTitle(lang, title);
  const bytes = await buildInExportWorker({
    kind: 'matrix',
    matrix,
    syntheses,
    format,
    lang,
    title: name,
    table,
    scope: scopeLine(db, spec, lang),
    key: pseudonymKey(
      db,
      syntheses.map((s) => s.cell),
      lang,
    ),
  });
  return {
    ...matrixFileName(format, lang, name, table),
    base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}
