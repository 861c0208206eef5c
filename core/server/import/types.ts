import type { StructuredText } from '../../shared/blocks.js';

/** What a parser returns: the structured text, a title found in the document, and warnings. */
export interface ParsedDocument extends StructuredText {
  title?: string | undefined;
  warnings: string[];
}

export type DocumentFormat = 'docx' | 'pdf' | 'odt' | 'rtf' | 'html' | 'txt' | 'md';
