import { resolve } from 'node:path';
import type { NamedFile } from '../../shared/contract/files.js';
import { CasusError } from '../../shared/errors.js';
import { projectsFolder, readConfig } from '../config.js';
import { isProjectInProjectsFolder } from './projects-folder.js';

/** A path the desktop's main process got from a native dialog (or the command line). */
export interface Grant {
  path: string;
  /**
   * open: an existing project chosen to open; create: a new project's place from a save dialog;
   * read: a file chosen to import or attach.
   */
  use: 'open' | 'create' | 'read';
}

/**
 * Who calls dispatch. The CLI's user typed the paths: it names any file. The workbench (browser
 * mode's HTTP server, the desktop's IPC) runs a page that should never name an arbitrary path:
 * it opens projects from the projects folder, the recent list or what its host granted, creates
 * them in the projects folder or where a dialog chose, uploads what it imports and downloads
 * what it exports.
 */
export type Caller =
  | { kind: 'cli' }
  | {
      kind: 'workbench';
      /** Paths the host granted (desktop dialogs). */ granted: readonly Grant[];
    };

export const CLI_CALLER: Caller = { kind: 'cli' };
export const workbenchCaller = (granted: readonly Grant[] = []): Caller => ({
  kind: 'workbench',
  granted,
});

const same = (a: string, b: string) => resolve(a) === resolve(b);

function mayOpen(path: string, granted: readonly Grant[], openProject: string | null): boolean {
  // A file granted for reading (to import) is not one to open, and so to change, as a project.
  if (granted.some((g) => g.use !== 'read' && same(g.path, path))) return true;
  if (openProject && openProject !== ':memory:' && same(openProject, path)) return true;
  if (readConfig().recent.some((r) => same(r.path, path))) return true;
  return isProjectInProjectsFolder(path);
}

function refusal(method: string, file: NamedFile): string {
  switch (file.use) {
    case 'read':
      return `${method}: the workbench sends the file itself, not a path (${file.field}); naming files on this computer is for the casus command line`;
    case 'write':
      return `${method}: the workbench downloads what it exports instead of writing to a path (${file.field}); writing files is for the casus command line`;
    case 'create':
      return `${method}: the workbench makes new projects in the projects folder (${projectsFolder()}) or where you chose in the file dialog, not at "${file.path}"`;
    case 'open':
      return `${method}: the workbench opens projects from the projects folder (${projectsFolder()}), the recent list or the file dialog, not "${file.path}"`;
  }
}

/**
 * Refuses, with 'forbidden', every path a workbench call names that its host did not grant.
 * The CLI passes.
 */
export function checkFileAccess(
  method: string,
  files: readonly NamedFile[],
  caller: Caller,
  openProject: string | null,
): void {
  if (caller.kind === 'cli') return;
  for (const file of files) {
    const allowed =
      file.use === 'open'
        ? mayOpen(file.path, caller.granted, openProject)
        : file.use === 'create' || file.use === 'read'
          ? caller.granted.some((g) => g.use === file.use && same(g.path, file.path))
          : false;
    if (!allowed) throw new CasusError('forbidden', refusal(method, file));
  }
}
