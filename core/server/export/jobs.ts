import { buildMatrixFile, type MatrixExportJob } from '../matrix/export-files.js';
import { buildSegmentsFile, type SegmentsExportJob } from '../search/export.js';

/** An export for the worker: the data to write, read on the request thread, and its format. */
export type ExportJob = MatrixExportJob | SegmentsExportJob;

/** The bytes of an export file (run in the export worker). */
export function buildExportFile(job: ExportJob): Promise<Uint8Array> {
  return job.kind === 'matrix' ? buildMatrixFile(job) : buildSegmentsFile(job);
}
