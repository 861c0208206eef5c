/** Why a file could not be imported: a code for programs, a message (naming the file) for people. */
export const IMPORT_REASONS = [
  'empty',
  'corrupt',
  'zip-bomb',
  'scanned-pdf',
  'encrypted-pdf',
  'binary',
  'too-large',
  'too-deep',
  'unsupported',
  'timeout',
] as const;

export type ImportReason = (typeof IMPORT_REASONS)[number];

const REASON_TEXT: Record<ImportReason, string> = {
  empty: 'the file is empty (no text)',
  corrupt: 'the file is damaged or not what its name says',
  'zip-bomb': 'the file expands to far more data than a document can hold (zip bomb)',
  'scanned-pdf': 'scanned PDF, no text: the PDF has no text layer (run OCR first)',
  'encrypted-pdf': 'the PDF is password-protected',
  binary: 'the file is binary data, not text',
  'too-large': 'the file is too large to import',
  'too-deep': 'nested too deeply',
  unsupported: 'this file type is not supported',
  timeout: 'reading the file took too long and was stopped',
};

export interface ImportErrorBody {
  reason: ImportReason;
  fileName: string;
  message: string;
}

export class ImportError extends Error {
  constructor(
    readonly reason: ImportReason,
    readonly fileName: string,
    /** Extra detail after the standard reason text, e.g. the size limit. */
    readonly detail?: string,
  ) {
    super(`${fileName}: ${REASON_TEXT[reason]}${detail ? ` (${detail})` : ''}`);
    this.name = 'ImportError';
  }

  toBody(): ImportErrorBody {
    return { reason: this.reason, fileName: this.fileName, message: this.message };
  }

  static fromBody(body: ImportErrorBody): ImportError {
    const e = new ImportError(body.reason, body.fileName);
    e.message = body.message;
    return e;
  }
}

export function isImportReason(value: unknown): value is ImportReason {
  return typeof value === 'string' && (IMPORT_REASONS as readonly string[]).includes(value);
}

/**
 * Thrown by format parsers that do not know the file name; parseDocument turns it into an
 * ImportError for the file.
 */
export class ParseFailure extends Error {
  constructor(
    readonly reason: ImportReason,
    readonly detail?: string,
  ) {
    super(detail ?? reason);
    this.name = 'ParseFailure';
  }
}
