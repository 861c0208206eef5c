import { basename } from 'node:path';

/** Why a REFI-QDA file was refused as a whole. Item-level problems go into the report instead. */
export type RefiErrorCode =
  | 'read_failed'
  | 'not_zip'
  | 'zip_corrupt'
  | 'zip_unsupported'
  | 'unsafe_path'
  | 'symlink'
  | 'too_many_entries'
  | 'entry_too_large'
  | 'archive_too_large'
  | 'compression_ratio'
  | 'no_project_xml'
  | 'doctype'
  | 'xml_malformed'
  | 'schema_invalid'
  | 'wrong_root'
  | 'unsupported_format'
  | 'write_failed';

/**
 * A REFI-QDA file could not be read or written. `message` is a complete human sentence that names
 * the file and the reason; `code` lets the UI pick a translated text.
 */
export class RefiError extends Error {
  readonly file: string;
  constructor(
    readonly code: RefiErrorCode,
    file: string,
    readonly reason: string,
    /** Extra lines, e.g. the first schema errors. */
    readonly details: readonly string[] = [],
  ) {
    const name = basename(file);
    super(`${name}: ${reason}${details.length > 0 ? `\n  ${details.join('\n  ')}` : ''}`);
    this.name = 'RefiError';
    this.file = name;
  }
}

export function isRefiError(e: unknown): e is RefiError {
  return e instanceof RefiError;
}
