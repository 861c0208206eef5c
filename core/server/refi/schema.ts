import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { RefiError } from './errors.js';

export type RefiSchemaKind = 'project' | 'codebook';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

const SCHEMA_FILES: Record<RefiSchemaKind, string> = {
  project: 'Project-mrt2019.xsd',
  codebook: 'Codebook.xsd',
};

const cache = new Map<RefiSchemaKind, string>();

/** The bundled REFI-QDA 1.5 schema text (MIT, see schemas/LICENSE.md). */
export function schemaText(kind: RefiSchemaKind): string {
  let text = cache.get(kind);
  if (text === undefined) {
    text = readFileSync(new URL(`./schemas/${SCHEMA_FILES[kind]}`, import.meta.url), 'utf8');
    cache.set(kind, text);
  }
  return text;
}

export interface SchemaResult {
  valid: boolean;
  errors: string[];
}

/**
 * Validates with libxml2 compiled to WebAssembly, so every platform gives the same answer and no
 * external program is needed. The caller must have refused DOCTYPEs already.
 */
export async function validateAgainstSchema(
  xml: string | Uint8Array,
  kind: RefiSchemaKind,
): Promise<SchemaResult> {
  // Bytes go to the validator as they are; a string would first be encoded to UTF-8 by the
  // validator's own JavaScript, which takes seconds for a large project.
  const contents = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  const result = await validateXML({
    // The package's types name strings only; its worker takes bytes too (ArrayBuffer views).
    xml: [
      {
        fileName: kind === 'project' ? 'project.qde' : 'codebook.qdc',
        contents: contents as unknown as string,
      },
    ],
    schema: [{ fileName: SCHEMA_FILES[kind], contents: schemaText(kind) }],
    // Large projects need more than the 32 MiB default; 1 GiB is the ceiling we accept.
    initialMemoryPages: 256,
    maxMemoryPages: 16384,
  });
  return {
    valid: result.valid,
    errors: result.errors.map((e) =>
      e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message,
    ),
  };
}

export async function assertSchemaValid(
  xml: string | Uint8Array,
  kind: RefiSchemaKind,
  file: string,
): Promise<void> {
  schemaVerdict(await validateAgainstSchema(xml, kind), kind, file);
}

/**
 * Starts validating in the validator's own thread, so the caller can parse or pack meanwhile and
 * ask for the verdict when it needs it (`schemaVerdict`). The promise never rejects: a validator
 * that fails counts as a failed validation, so nothing goes unnoticed while nobody awaits it.
 */
export function startSchemaValidation(
  xml: string | Uint8Array,
  kind: RefiSchemaKind,
): Promise<SchemaResult> {
  return validateAgainstSchema(xml, kind).catch((e: unknown) => ({
    valid: false,
    errors: [`the schema validator failed: ${e instanceof Error ? e.message : String(e)}`],
  }));
}

/** Throws the schema error for a failed validation. */
export function schemaVerdict(r: SchemaResult, kind: RefiSchemaKind, file: string): void {
  if (!r.valid) {
    const what = kind === 'project' ? 'REFI-QDA project schema' : 'REFI-QDA codebook schema';
    throw new RefiError(
      'schema_invalid',
      file,
      `the XML does not follow the ${what} (${r.errors.length} error${r.errors.length === 1 ? '' : 's'})`,
      r.errors.slice(0, 5),
    );
  }
}
