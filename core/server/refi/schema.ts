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
  xml: string,
  kind: RefiSchemaKind,
): Promise<SchemaResult> {
  const result = await validateXML({
    xml: [{ fileName: kind === 'project' ? 'project.qde' : 'codebook.qdc', contents: xml }],
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
  xml: string,
  kind: RefiSchemaKind,
  file: string,
): Promise<void> {
  const r = await validateAgainstSchema(xml, kind);
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
