import { basename, resolve } from 'node:path';
import { createProjectDb, openProjectDb, type Db } from '../../db/open.js';
import { ProjectFileError } from '../../db/errors.js';
import { storageProblem } from '../../db/storage-errors.js';
import { CasusError } from '../shared/errors.js';
import { TEMPLATES } from '../shared/template/index.js';
import { readConfig, rememberCoder, rememberRecent } from './config.js';
import { installTemplate } from './domain/install-template.js';
import { installMatrixDefaults } from './services/matrix.js';

function toCasusError(e: unknown, path: string): never {
  if (e instanceof ProjectFileError) throw new CasusError(e.code, e.message);
  // Opening migrates and creating writes: a full disk or read-only folder is named as such.
  const problem = storageProblem(e, path);
  if (problem) throw new CasusError(problem.code, `${basename(path)}: ${problem.reason}`);
  throw e;
}

/**
 * The state of one host: the open project (one writer connection) and the current coder.
 * Electron, the HTTP server and the CLI each hold one.
 */
export class Session {
  db: Db | null = null;
  path: string | null = null;
  coderId: string | null = null;

  constructor(private readonly options: { remember: boolean } = { remember: true }) {}

  open(path: string): void {
    const full = resolve(path);
    let db: Db;
    try {
      db = openProjectDb(full);
    } catch (e) {
      toCasusError(e, full);
    }
    this.attach(db, full);
  }

  async create(
    path: string,
    opts: { template: string; name?: string | undefined; demo: boolean },
  ): Promise<void> {
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
    const full = path === ':memory:' ? path : resolve(path);
    let db: Db;
    try {
      db = createProjectDb(full);
    } catch (e) {
      toCasusError(e, full);
    }
    try {
      const name =
        opts.name ?? (opts.demo ? 'Regio Deals — demo' : basename(full).replace(/\.casus$/i, ''));
      installTemplate(db, template, name);
      installMatrixDefaults(db);
      if (opts.demo) {
        // Loaded on demand: the demo pulls in the document parsers.
        const { loadDemoStudy } = await import('./domain/demo.js');
        await loadDemoStudy(db);
      }
    } catch (e) {
      db.close();
      throw e;
    }
    this.attach(db, full);
  }

  private attach(db: Db, path: string): void {
    this.close();
    this.db = db;
    this.path = path;
    const coders = db.prepare('SELECT id FROM coders ORDER BY created_at, name').all() as {
      id: string;
    }[];
    const remembered = this.options.remember ? readConfig().lastCoder[path] : undefined;
    this.coderId = coders.find((c) => c.id === remembered)?.id ?? coders[0]?.id ?? null;
    if (this.options.remember && path !== ':memory:') {
      const row = db.prepare('SELECT name FROM project WHERE id = 1').get() as
        { name: string } | undefined;
      rememberRecent(path, row?.name ?? basename(path));
    }
  }

  setCoder(coderId: string): void {
    this.coderId = coderId;
    if (this.options.remember && this.path) rememberCoder(this.path, coderId);
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.path = null;
    this.coderId = null;
  }
}
