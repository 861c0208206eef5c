import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { runAction, type Writer } from '../../../db/access.js';
import { createProjectDb, type Db } from '../../../db/open.js';
import { ProjectFileError } from '../../../db/errors.js';
import { CasusError } from '../../shared/errors.js';
import { syncFile } from '../files/output-file.js';
import { TEMPLATES, type StudyTemplate } from '../../shared/template/index.js';
import { installTemplate } from './install-template.js';

export interface NewProjectOptions {
  template: string;
  name?: string | undefined;
  demo: boolean;
}

/** Runs one action on a connection: a demo or template loader writes through this. */
export type Act = <T>(name: string, coderId: string | null, fn: (w: Writer) => T) => T;

function templateOf(opts: NewProjectOptions): StudyTemplate {
  const template = TEMPLATES[opts.template];
  if (!template) {
    throw new CasusError(
      'invalid_input',
      `Unknown template "${opts.template}" (known: ${Object.keys(TEMPLATES).join(', ')})`,
    );
  }
  if (opts.demo && template.key !== 'regio-deals') {
    throw new CasusError('invalid_input', 'The demo study needs the regio-deals template');
  }
  return template;
}

async function fill(conn: Db, path: string, opts: NewProjectOptions, sessionId: string) {
  const template = templateOf(opts);
  const act: Act = (name, coderId, fn) => runAction(conn, { name, coderId, sessionId }, fn).value;
  const name =
    opts.name ?? (opts.demo ? 'Regio Deals — demo' : basename(path).replace(/\.casus$/i, ''));
  act('project.create', null, (w) => installTemplate(w, template, name));
  if (opts.demo) {
    // Loaded on demand: the demo pulls in the document parsers.
    const { loadDemoStudy } = await import('./demo.js');
    await loadDemoStudy(act);
  }
}

/** An in-memory project (tests, benchmarks): nothing touches a disk. */
export async function createMemoryProject(opts: NewProjectOptions, sessionId: string): Promise<Db> {
  templateOf(opts);
  const conn = createProjectDb(':memory:');
  try {
    await fill(conn, 'memory.casus', opts, sessionId);
  } catch (e) {
    conn.close();
    throw e;
  }
  return conn;
}

/**
 * Creates a project file complete or not at all: it is built under a temporary name beside the
 * target and moved into place only when the template (and demo study) are in. An existing file
 * is never overwritten.
 */
export async function createProjectFile(
  path: string,
  opts: NewProjectOptions,
  sessionId: string,
): Promise<void> {
  templateOf(opts);
  await buildProjectFile(path, sessionId, (conn) => fill(conn, path, opts, sessionId));
}

/**
 * Builds a new project file with `build` and moves it into place; on any failure nothing is
 * left behind (no file at `path`, no temporary file).
 */
export async function buildProjectFile(
  path: string,
  sessionId: string | null,
  build: (conn: Db, act: Act) => Promise<void> | void,
  opts: { bulk?: boolean } = {},
): Promise<void> {
  if (existsSync(path))
    throw new CasusError('exists', `${basename(path)}: a file with this name already exists`);
  if (!existsSync(dirname(path)))
    throw new CasusError(
      'not_found',
      `${basename(path)}: the folder ${dirname(path)} does not exist`,
    );
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.creating`);
  const cleanup = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  };
  let conn: Db;
  try {
    conn = createProjectDb(tmp, opts);
  } catch (e) {
    if (e instanceof ProjectFileError) throw new CasusError(e.code, e.message);
    throw e;
  }
  const act: Act = (name, coderId, fn) => runAction(conn, { name, coderId, sessionId }, fn).value;
  try {
    await build(conn, act);
    // Closing the last connection folds the write-ahead log into the file.
    conn.close();
    // A bulk build does not sync as it goes (createProjectDb): the whole file is synced once.
    if (opts.bulk) syncFile(tmp);
    moveIntoPlace(tmp, path);
  } catch (e) {
    if (conn.open) conn.close();
    cleanup();
    throw e;
  }
}

/** Renames without replacing: a hard link fails if the target exists (atomic no-clobber). */
export function moveIntoPlace(tmp: string, path: string): void {
  try {
    linkSync(tmp, path);
    rmSync(tmp);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new CasusError('exists', `${basename(path)}: a file with this name already exists`);
    // File systems without hard links (FAT on a USB stick, some shares): check, then rename.
    if (existsSync(path))
      throw new CasusError('exists', `${basename(path)}: a file with this name already exists`);
    renameSync(tmp, path);
  }
}
