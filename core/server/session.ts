import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { readerFor } from '../../db/access.js';
import { pastDatabase } from '../../db/history.js';
import { openProjectDb, type Db } from '../../db/open.js';
import { ProjectFileError } from '../../db/errors.js';
import { listCoders } from '../../db/repo/coders.js';
import { projectRow } from '../../db/repo/project.js';
import { storageProblem } from '../../db/storage-errors.js';
import { CasusError } from '../shared/errors.js';
import { readConfig, rememberCoder, rememberRecent } from './config.js';
import { announce, openElsewhere, type Presence } from './domain/presence.js';
import {
  createMemoryProject,
  createProjectFile,
  type NewProjectOptions,
} from './domain/new-project.js';

function toCasusError(e: unknown, path: string): never {
  if (e instanceof ProjectFileError) throw new CasusError(e.code, e.message);
  // Opening migrates and creating writes: a full disk or read-only folder is named as such.
  const problem = storageProblem(e, path);
  if (problem) throw new CasusError(problem.code, `${basename(path)}: ${problem.reason}`);
  throw e;
}

/**
 * The state of one host: the open project (one writer connection) and the current coder.
 * Electron, the HTTP server and the CLI each hold one. Its id marks the changes made in it, so
 * undo acts on this session's own actions.
 */
export class Session {
  readonly id = randomUUID();
  db: Db | null = null;
  path: string | null = null;
  coderId: string | null = null;

  /**
   * The project as it was at a moment (time travel): a read-only rebuild every read goes to while
   * it is set; writes are refused. Null: the present.
   */
  past: { db: Db; at: string; seq: number } | null = null;
  /** Another process (the workbench) that had the project open when this session opened it. */
  elsewhere: Presence | null = null;
  private release: (() => void) | null = null;

  constructor(
    private readonly options: {
      remember: boolean;
      /** Leave a note beside the project while it is open (the workbench does). */
      announce?: Presence['app'];
    } = { remember: true },
  ) {}

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

  /** Creates a project file (or ':memory:') and opens it. */
  async create(path: string, opts: NewProjectOptions): Promise<void> {
    if (path === ':memory:') {
      this.attach(await createMemoryProject(opts, this.id), path);
      return;
    }
    const full = resolve(path);
    try {
      await createProjectFile(full, opts, this.id);
    } catch (e) {
      toCasusError(e, full);
    }
    this.open(full);
  }

  private attach(db: Db, path: string): void {
    this.close();
    this.db = db;
    this.path = path;
    if (path !== ':memory:') {
      this.elsewhere = openElsewhere(path);
      if (this.options.announce) this.release = announce(path, this.options.announce);
    }
    const r = readerFor(db);
    const coders = listCoders(r);
    const remembered = this.options.remember ? readConfig().lastCoder[path] : undefined;
    this.coderId = coders.find((c) => c.id === remembered)?.id ?? coders[0]?.id ?? null;
    if (this.options.remember && path !== ':memory:') rememberRecent(path, projectRow(r).name);
  }

  setCoder(coderId: string): void {
    this.coderId = coderId;
    if (this.options.remember && this.path) rememberCoder(this.path, coderId);
  }

  /** Looks at the project as of change `seq` (made by `at`), until `present()`. */
  travel(seq: number, at: string): void {
    if (!this.db) throw new CasusError('no_project', 'No project is open');
    const db = pastDatabase(readerFor(this.db), seq);
    this.present();
    this.past = { db, at, seq };
  }

  /** Back to the project as it is. */
  present(): void {
    this.past?.db.close();
    this.past = null;
  }

  close(): void {
    this.present();
    this.release?.();
    this.release = null;
    this.elsewhere = null;
    this.db?.close();
    this.db = null;
    this.path = null;
    this.coderId = null;
  }
}
