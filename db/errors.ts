import type { StorageErrorCode } from './storage-errors.js';

/** Errors raised while opening a project file; the message names the file and the reason. */
export type ProjectFileErrorCode =
  'not_casus' | 'newer_version' | 'not_found' | 'exists' | StorageErrorCode;

export class ProjectFileError extends Error {
  constructor(
    readonly code: ProjectFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProjectFileError';
  }
}
