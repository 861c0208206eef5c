import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CasusServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The URL with the token in its fragment, as printed for the user. */
  openUrl: string;
  token: string;
  projectPath: string;
  dir: string;
  /** The projects folder the workbench lists and creates projects in (empty at start). */
  projectsDir: string;
}

const root = join(import.meta.dirname, '..', '..');

function casus(args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, [join(root, 'bin/casus.mjs'), ...args], {
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`casus ${args.join(' ')} failed: ${r.stderr}`);
}

/**
 * Ends a server and then removes its folder. The server closes its project on SIGTERM (removing
 * its note and checkpointing the WAL), so the folder goes only once the process has exited:
 * removed any earlier, the files written while it closes kept the folder behind.
 */
export async function stopAndRemove(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Makes the demo study once; tests get copies so that none sees another's changes. */
export function makeDemoTemplate(): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'casus-e2e-demo-'));
  const path = join(dir, 'demo.casus');
  try {
    casus(['new', path, '--demo'], { ...process.env, CASUS_CONFIG_DIR: join(dir, 'config') });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `casus serve` on a fresh copy of the demo study, exactly as a user would. With `open`
 * it opens the browser as `npm start` does (give a PATH with a stand-in opener in `env`).
 */
export async function startCasus(
  template?: string,
  opts: { open?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<CasusServer & { stop(): Promise<void>; process: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'casus-e2e-'));
  const projectsDir = join(dir, 'projects');
  mkdirSync(projectsDir);
  const env = {
    ...process.env,
    ...opts.env,
    CASUS_CONFIG_DIR: join(dir, 'config'),
    CASUS_PROJECTS_DIR: projectsDir,
  };
  const projectPath = join(dir, 'demo.casus');
  try {
    if (template) copyFileSync(template, projectPath);
    else casus(['new', projectPath, '--demo'], env);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/casus.mjs'),
      'serve',
      projectPath,
      ...(opts.open ? [] : ['--no-open']),
      '--port',
      '0',
    ],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`casus serve did not start: ${out}${err}`)),
      30_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`casus serve exited with ${code}: ${err}`)));
  });
  const openUrl = await started.catch(async (e: unknown) => {
    await stopAndRemove(child, dir);
    throw e;
  });
  const url = openUrl.split('/#')[0] as string;
  const token = openUrl.split('#token=')[1] as string;
  return {
    url,
    openUrl,
    token,
    projectPath,
    dir,
    projectsDir,
    process: child,
    stop: () => stopAndRemove(child, dir),
  };
}

/** Opens the workbench and waits until the demo study's sidebar is there. */
export async function openWorkbench(page: Page, server: CasusServer): Promise<void> {
  await page.goto(server.openUrl);
  await expect(
    page.getByRole('navigation', { name: /Casussen en bronnen|Cases and sources/ }),
  ).toBeVisible();
}

/**
 * A fresh server on a fresh copy of the demo study for every test (a test may switch or change
 * the project); the demo itself is built once per worker. `workbench` is a page opened on it.
 */
export const test = base.extend<{ workbench: Page; casus: CasusServer }, { demoTemplate: string }>({
  demoTemplate: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const demo = makeDemoTemplate();
      await use(demo.path);
      demo.dispose();
    },
    { scope: 'worker' },
  ],
  casus: async ({ demoTemplate }, use) => {
    const server = await startCasus(demoTemplate);
    await use(server);
    await server.stop();
  },
  workbench: async ({ page, casus }, use) => {
    await openWorkbench(page, casus);
    await use(page);
  },
});

export { expect };
