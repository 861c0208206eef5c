import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createContext, type ServiceContext } from '../../core/server/context.js';
import { dispatch } from '../../core/server/dispatch.js';
import { CLI_CALLER } from '../../core/server/files/access.js';
import { Session } from '../../core/server/session.js';
import type { Db } from '../../db/open.js';
import { insertSource, type NewSource } from '../../db/repo/sources.js';
import type { StructuredText } from '../../core/shared/blocks.js';
import { newId } from '../../core/server/domain/ids.js';
import type { Contract, InputOf, Method, OutputOf } from '../../core/shared/contract/index.js';
import { CasusError } from '../../core/shared/errors.js';

/*
 * What a test file leaves to clean up, done once when the file ends. Registered here at import
 * (while vitest collects the file), because an afterAll called inside a running test is ignored:
 * every temp folder and open session made inside a test used to outlive the run.
 */
const cleanups: (() => void)[] = [];
afterAll(() => {
  // Newest first: sessions close before the folders that hold their files go.
  for (const done of cleanups.splice(0).reverse()) done();
});

/** Runs `done` when the test file ends (from inside a test too, unlike afterAll). */
export function atFileEnd(done: () => void): void {
  cleanups.push(done);
}

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = 'casus-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  atFileEnd(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestProject {
  session: Session;
  ctx: ServiceContext;
  path: string;
  /** The raw connection, for a test's own checks and set-up (the product writes via repos). */
  readonly db: Db;
  /** Calls a method through dispatch, as every host does; throws CasusError on an error envelope. */
  call<K extends Method>(method: K, input: InputOf<Contract, K>): Promise<OutputOf<Contract, K>>;
}

export function callerFor(ctx: ServiceContext): TestProject['call'] {
  return async (method, input) => {
    const envelope = await dispatch(method, input, ctx, CLI_CALLER);
    if (!envelope.ok)
      throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
    return envelope.value as never;
  };
}

export interface TempProjectOptions {
  demo?: boolean;
  template?: 'regio-deals' | 'blank';
  /**
   * A project file in a temp folder, for tests that reopen it, open it from a second session or
   * process, run the CLI on it or check files beside it. Without it the project lives in memory.
   */
  file?: boolean;
}

/** A fresh project (Regio Deals template; with the demo study if asked), in memory or a file. */
export async function tempProject(opts: TempProjectOptions = {}): Promise<TestProject> {
  const path = opts.file ? join(tempDir(), 'test.casus') : ':memory:';
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  const call = callerFor(ctx);
  atFileEnd(() => session.close());
  await call('project.create', {
    path,
    template: opts.template ?? 'regio-deals',
    demo: opts.demo ?? false,
  });
  return {
    session,
    ctx,
    path,
    call,
    get db() {
      if (!session.db) throw new Error('The test project is closed');
      return session.db;
    },
  };
}

/** Adds a coder and makes it current, as the UI does at start. */
export async function withCoder(p: TestProject, name = 'Test Coder'): Promise<string> {
  const coder = await p.call('coders.create', { name });
  await p.call('session.setCoder', { coderId: coder.id });
  return coder.id;
}

/** Adds a source directly (the import feature is tested on its own), as one logged action. */
export function insertTestSource(
  p: TestProject,
  source: Omit<NewSource, 'id'> & { id?: string },
  content: StructuredText,
): string {
  const id = source.id ?? newId();
  p.ctx.action('test.addSource', (w) => insertSource(w, { ...source, id }, content));
  return id;
}

/** The CasusError a call is refused with; fails the test when it is not refused (or otherwise). */
export async function refused(run: () => Promise<unknown>): Promise<CasusError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof CasusError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}
