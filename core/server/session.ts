import { randomUUID } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { readerFor } from '../../db/access.js';
import { pastDatabase } from '../../db/history.js';
import { openProjectDb, type BeforeMigration, type Db } from '../../db/open.js';
import { ProjectFileError } from '../../db/errors.js';
import { listCoders } from '../../db/repo/coders.js';
import { projectRow } from '../../db/repo/project.js';
import { liveState } from '../../db/snapshot.js';
import { storageProblem } from '../../db/storage-errors.js';
import { CasusError } from '../shared/errors.js';
import { readConfig, rememberCoder, rememberRecent } from './config.js';
import { SnapshotKeeper } from './snapshots/keeper.js';
import { isSnapshotFile, reasons, snapshotFolder, type SnapshotReason } from './snapshots/names.js';
import { storedSnapshots, writeSnapshot, type StoredSnapshot } from './snapshots/store.js';
import { writeSnapshotInWorker } from './snapshots/worker.js';
import { announce, openElsewhere, type Presence } from './domain/presence.js';
import {
  createMemoryProject,
  createProjectFile,
  type NewProjectOptions,
} from './domain/new-project.js';
import { UploadStore } from './files/uploads.js';

function toCasusError(e: unknown, path: string): never {
  if (e instanceof ProjectFileError) throw new CasusError(e.code, e.message);
  // Opening migrates and creating writes: a full disk or read-only folder is named as such.
  const problem = storageProblem(e, path);
  if (problem) throw new CasusError(problem.code, `${basename(path)}: ${problem.reason}`);
  throw e;
}

export interface SessionOptions {
  remember: boolean;
  /** Leave a note beside the project while it is open (the workbench does). */
  announce?: Presence['app'];
  /**
   * Long-lived sessions (the workbench) keep snapshots on their own: on open, and every hour
   * while the project changes. Snapshots before destructive operations are taken in every session.
   */
  autoSnapshots?: boolean;
  /** The time snapshots are stamped and kept by (tests move it). */
  clock?: () => Date;
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
  /** The automatic snapshots of a long-lived session (null in others). */
  readonly keeper: SnapshotKeeper | null;
  /** Files the browser sent ahead of the calls that use them (browser mode; see uploads.ts). */
  readonly uploads = new UploadStore();

  constructor(private readonly options: SessionOptions = { remember: true }) {
    this.keeper = options.autoSnapshots
      ? new SnapshotKeeper({
          state: () => (this.db ? liveState(readerFor(this.db)) : null),
          path: () => this.path,
          newest: () => {
            const folder = this.snapshotFolder();
            return folder ? storedSnapshots(folder)[0] : undefined;
          },
          take: (reason) => this.takeSnapshotInBackground(reason),
          now: () => this.now(),
        })
      : null;
  }

  now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /** Where the open project's snapshots lie; null without a project file. */
  snapshotFolder(): string | null {
    if (!this.path || this.path === ':memory:') return null;
    return snapshotFolder(this.path, readConfig().snapshotDir);
  }

  /**
   * Takes a snapshot of the open project now (null for a project in memory). Never inside an
   * action: take it before the action's transaction starts.
   */
  takeSnapshot(reason: SnapshotReason): StoredSnapshot | null {
    const folder = this.snapshotFolder();
    if (!folder || !this.db || !this.path) return null;
    return writeSnapshot(readerFor(this.db), {
      folder,
      reason,
      at: this.now(),
      projectPath: this.path,
    });
  }

  /**
   * Takes an automatic snapshot of the open project file in a worker thread (its own read-only
   * connection), so the session keeps answering while a large project is copied.
   */
  private takeSnapshotInBackground(reason: SnapshotReason): Promise<StoredSnapshot | null> {
    const folder = this.snapshotFolder();
    if (!folder || !this.db || !this.path) return Promise.resolve(null);
    return writeSnapshotInWorker({
      folder,
      reason,
      at: this.now().toISOString(),
      projectPath: this.path,
    });
  }

  open(path: string, opts: { snapshot?: boolean } = {}): void {
    const full = resolve(path);
    if (isSnapshotFile(full))
      throw new CasusError(
        'forbidden',
        `${basename(full)} is a snapshot in ${basename(dirname(full))}; opening it would change it. Restore it as a copy instead (the Restore view, or casus restore <project> --snapshot <id> --out <file>)`,
      );
    let db: Db;
    try {
      db = openProjectDb(full, { beforeMigration: this.snapshotBeforeMigration(full) });
    } catch (e) {
      toCasusError(e, full);
    }
    this.attach(db, full);
    if (this.keeper) {
      if (opts.snapshot !== false) this.keeper.onOpen();
      this.keeper.start();
    }
  }

  /** A migration changes existing data: the file as it was becomes a snapshot first. */
  private snapshotBeforeMigration(full: string): BeforeMigration {
    return (r, from, to) => {
      try {
        writeSnapshot(r, {
          folder: snapshotFolder(full, readConfig().snapshotDir),
          reason: reasons.before(`migration to schema ${to}`),
          at: this.now(),
          projectPath: full,
        });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new CasusError(
          e instanceof CasusError ? e.code : 'io_error',
          `${basename(full)} was not upgraded from schema ${from} to ${to}, and is unchanged: ${why}`,
        );
      }
    };
  }

  /**
   * Replaces the open project's file: closes the connection, lets `replace` put another file in
   * its place, and opens the project again, with the same coder where the file has them (also
   * when `replace` fails, so the session keeps its project).
   */
  replaceFile(replace: (path: string) => void): void {
    const path = this.path;
    const db = this.db;
    if (!path || path === ':memory:' || !db)
      throw new CasusError('no_project', 'No project file is open');
    const coder = this.coderId;
    this.keeper?.stop();
    db.close();
    this.db = null;
    try {
      replace(path);
    } finally {
      this.open(path, { snapshot: false });
      if (coder && this.db && listCoders(readerFor(this.db)).some((c) => c.id === coder))
        this.coderId = coder;
    }
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
    this.keeper?.stop();
    this.release?.();
    this.release = null;
    this.elsewhere = null;
    this.db?.close();
    this.db = null;
    this.path = null;
    this.coderId = null;
  }
}
