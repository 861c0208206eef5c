import { z } from 'zod';

/**
 * What a path in a method's input is for. The workbench hosts refuse paths they did not grant
 * (core/server/files/access.ts); the CLI names any file its user can reach.
 * - open: an existing project file to open
 * - create: a new project file to create
 * - read: a file whose bytes are read (an import)
 * - write: a file to write (an export)
 */
export type FileUse = 'open' | 'create' | 'read' | 'write';

/** Every schema that takes a path on this computer, with its use. */
export const fileInputs = z.registry<{ use: FileUse }>();

/** A path on this computer, marked with its use: dispatch finds it in any input. */
export function filePath(use: FileUse) {
  const schema = z.string().min(1, 'a file path').max(4096);
  fileInputs.add(schema, { use });
  return schema;
}

/** A path named in an input: the dotted field it sits in, the path and its use. */
export interface NamedFile {
  field: string;
  path: string;
  use: FileUse;
}

type AnySchema = z.core.$ZodType;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walks a schema and a value that schema parsed, and lists the marked paths the value names.
 * Wrappers (optional, default, nullable…) and both sides of intersections and unions are
 * walked: a union branch that does not match the value names nothing, so listing more is safe.
 */
export function filesNamedIn(schema: AnySchema, value: unknown, field = ''): NamedFile[] {
  const mark = fileInputs.get(schema);
  if (mark) return typeof value === 'string' ? [{ field, path: value, use: mark.use }] : [];
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string) => def[key] as AnySchema;
  switch (def.type) {
    case 'object': {
      if (!isRecord(value)) return [];
      const shape = def.shape as Record<string, AnySchema>;
      return Object.entries(shape).flatMap(([key, s]) =>
        filesNamedIn(s, value[key], field ? `${field}.${key}` : key),
      );
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return filesNamedIn(inner('innerType'), value, field);
    case 'intersection':
      return [
        ...filesNamedIn(inner('left'), value, field),
        ...filesNamedIn(inner('right'), value, field),
      ];
    case 'union': {
      const options = def.options as AnySchema[];
      const found = options.flatMap((o) => filesNamedIn(o, value, field));
      // The same field may be reached through several branches: name it once.
      return found.filter(
        (f, i) => found.findIndex((g) => g.field === f.field && g.use === f.use) === i,
      );
    }
    case 'record':
      return isRecord(value)
        ? Object.entries(value).flatMap(([k, v]) =>
            filesNamedIn(inner('valueType'), v, field ? `${field}.${k}` : k),
          )
        : [];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((v, i) => filesNamedIn(inner('element'), v, `${field}[${i}]`))
        : [];
    case 'pipe':
      return filesNamedIn(inner('out'), value, field);
    default:
      return [];
  }
}

/** The container kinds `filesNamedIn` walks into; a schema holding others is not walked. */
export const WALKED_KINDS = new Set([
  'object',
  'optional',
  'nullable',
  'default',
  'prefault',
  'readonly',
  'nonoptional',
  'catch',
  'intersection',
  'union',
  'record',
  'array',
  'pipe',
]);
