import type { TermEntry } from '../../shared/confidentiality/matcher.js';
import type { LeakHit } from '../../shared/contract/confidentiality.js';
import { leakHits } from '../confidentiality/leak-check.js';
import { buildMatrixFile, type MatrixExportJob } from '../matrix/export-files.js';
import { buildSegmentsFile, type SegmentsExportJob } from '../search/export.js';

/**
 * An export for the worker: the data to write, read on the request thread, and its format.
 * With `check`, the worker also runs the leak check on the file it built (the register's
 * entries travel with the job; they never leave the process).
 */
export type ExportJob = (MatrixExportJob | SegmentsExportJob) & {
  check?: { fileName: string; entries: TermEntry[] };
};

/** What the leak check found in a built file: its hits (the first ones) and how many. */
export interface ExportLeaks {
  hits: LeakHit[];
  total: number;
}

export interface BuiltExport {
  bytes: Uint8Array;
  leaks: ExportLeaks | null;
}

/** The bytes of an export file (run in the export worker). */
export function buildExportFile(job: ExportJob): Promise<Uint8Array> {
  return job.kind === 'matrix' ? buildMatrixFile(job) : buildSegmentsFile(job);
}

/** The file, and what the leak check found in it when the job asks for one. */
export async function buildCheckedExport(job: ExportJob): Promise<BuiltExport> {
  const bytes = await buildExportFile(job);
  if (!job.check) return { bytes, leaks: null };
  const { hits, total } = leakHits(bytes, job.check.fileName, job.check.entries);
  return { bytes, leaks: { hits, total } };
}
