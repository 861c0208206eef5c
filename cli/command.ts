import { basename } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { createContext, type ServiceContext } from '../core/server/context.js';
import { writeOutputFile } from '../core/server/files/output-file.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { Session } from '../core/server/session.js';
import {
  AUDIENCE_KINDS,
  DEFAULT_AUDIENCE,
  type Audience,
} from '../core/shared/contract/confidentiality.js';
import type { Contract, InputOf, Method, OutputOf } from '../core/shared/contract/index.js';
import { CasusError } from '../core/shared/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

/** One CLI command: a thin layer that turns arguments into contract calls and prints results. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec;
  /** Returns the exit code. */
  run(args: { positionals: string[]; values: OptionValues }, io: CliIO): Promise<number>;
}

/** A contract call through the same dispatch every host uses; errors become CasusError. */
export async function call<K extends Method>(
  ctx: ServiceContext,
  method: K,
  input: InputOf<Contract, K>,
): Promise<OutputOf<Contract, K>> {
  const envelope = await dispatch(method, input, ctx, CLI_CALLER);
  if (!envelope.ok)
    throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.value as OutputOf<Contract, K>;
}

/**
 * Opens a project for one command and closes it afterwards. Says on stderr when the workbench has
 * the project open too (the command then waits its turn to write), and when the file lies where
 * it is at risk (a cloud-synced folder, a network drive), as the workbench's status bar does.
 */
export async function withProject<T>(
  path: string | undefined,
  io: CliIO,
  fn: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  if (!path)
    throw new CasusError('invalid_input', 'Missing the project file argument (a .casus file)');
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  await call(ctx, 'project.open', { path });
  try {
    const info = await call(ctx, 'session.get', {});
    const name = basename(info.projectPath ?? path);
    if (info.openElsewhere)
      io.err(`casus: note: ${name} is ${info.openElsewhere.text}; changes wait their turn`);
    if (info.storageRisk)
      io.err(
        `casus: warning: ${name} lies in ${info.storageRisk.kind === 'cloud' ? 'a cloud-synced folder' : 'a network folder'} (${info.storageRisk.name}): syncing can corrupt a project that is open; keep projects on a local disk`,
      );
    return await fn(ctx);
  } finally {
    session.close();
  }
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--lang nl|en`, or the fallback; anything else is refused by name. */
export function langOption(values: OptionValues, fallback: 'nl' | 'en'): 'nl' | 'en' {
  const lang = stringOption(values, 'lang') ?? fallback;
  if (lang !== 'nl' && lang !== 'en')
    throw new CasusError('invalid_input', `--lang must be nl or en, not "${lang}"`);
  return lang;
}

export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  const raw = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return raw
    .filter((x): x is string => typeof x === 'string')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);
}

export function intOption(values: OptionValues, name: string): number | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v))
    throw new CasusError('invalid_input', `--${name} must be a whole number, not "${v}"`);
  return Number(v);
}

/** Prints rows as aligned columns for people. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

/**
 * Writes a file the command made (an export): never onto the open project or any other database,
 * and onto an existing file only with --force. Returns the full path written.
 */
export function saveOutput(
  ctx: ServiceContext,
  path: string,
  bytes: Uint8Array,
  values: OptionValues,
): Promise<string> {
  return writeOutputFile(path, bytes, {
    force: values.force === true,
    openProject: ctx.session.path,
  });
}

/** The --audience and --hide-cases options of every export command. */
export const AUDIENCE_OPTIONS: OptionSpec = {
  audience: { type: 'string' },
  'hide-cases': { type: 'boolean' },
};

/**
 * Who an export is for: --audience team|respondents|public (default: respondents, since a file
 * that leaves the project does not carry names unless the team asks for it).
 */
export function audienceOption(values: OptionValues): Audience {
  const kind = stringOption(values, 'audience') ?? DEFAULT_AUDIENCE.kind;
  if (!(AUDIENCE_KINDS as readonly string[]).includes(kind))
    throw new CasusError(
      'invalid_input',
      `--audience must be team, respondents or public, not "${kind}"`,
    );
  const hideCases = values['hide-cases'] === true;
  if (hideCases && kind !== 'public')
    throw new CasusError('invalid_input', '--hide-cases goes with --audience public');
  return { kind: kind as Audience['kind'], hideCases };
}

/** Every string a value holds, in a fixed order (arrays in order, objects by their entries). */
function stringsIn(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) stringsIn(v, out);
}

/** The value with its strings replaced, in the order `stringsIn` found them. */
function withStrings(value: unknown, next: () => string): unknown {
  if (typeof value === 'string') return next();
  if (Array.isArray(value)) return value.map((v) => withStrings(v, next));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withStrings(v, next)]));
  return value;
}

/**
 * Project text a command prints, as its audience may read it (issue 17): every string in it
 * through the register (real names become pseudonyms, terms their replacements; for the public
 * dates to the month, case names hidden if asked), then checked. Applied field by field before
 * the output is formatted (a replacement may hold a comma: CSV quotes it). For the team as is.
 */
export async function forAudience<T>(
  ctx: ServiceContext,
  audience: Audience,
  value: T,
  lang: 'nl' | 'en' = 'nl',
): Promise<T> {
  if (audience.kind === 'team') return value;
  const texts: string[] = [];
  stringsIn(value, texts);
  if (texts.length === 0) return value;
  const shown = await call(ctx, 'confidentiality.apply', { texts, audience, lang });
  let i = 0;
  return withStrings(value, () => shown.texts[i++] ?? '') as T;
}
