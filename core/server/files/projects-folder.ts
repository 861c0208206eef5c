import { existsSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ProjectsListing } from '../../shared/contract/project.js';
import { CasusError } from '../../shared/errors.js';
import { projectFileName } from '../../shared/text/slug.js';
import { projectsFolder } from '../config.js';

/**
 * The projects folder as the workbench sees it: listed folder by folder, new projects made in it
 * by name. Every folder is named relative to it and resolved with symlinks followed, so no name
 * (`..`, an absolute path, a link pointing elsewhere) reaches anything outside.
 */

const inside = (root: string, p: string) => p === root || p.startsWith(root + sep);

/** The projects folder with its symlinks resolved, or null while it does not exist. */
function realRoot(): string | null {
  const root = projectsFolder();
  return existsSync(root) ? realpathSync(root) : null;
}

/** The names of a folder given relative to the projects folder; refuses anything that climbs out. */
function partsOf(folder: string): string[] {
  if (folder.includes('\0') || isAbsolute(folder) || /^[a-zA-Z]:|^[\\/]/.test(folder)) {
    throw new CasusError(
      'forbidden',
      `"${folder}": a folder of the projects folder is named relative to it, not by an absolute path`,
    );
  }
  const parts = folder.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.includes('\\'))) {
    throw new CasusError('forbidden', `"${folder}": a folder name may not contain ".." or "\\"`);
  }
  return parts;
}

const relativeName = (root: string, real: string) => relative(root, real).split(sep).join('/');

/** A folder of the projects folder: its real path and its name relative to the root. */
function resolveFolder(folder: string, root: string): { dir: string; rel: string } {
  const parts = partsOf(folder);
  const dir = join(root, ...parts);
  const shown = parts.join('/') || '.';
  if (!existsSync(dir)) {
    throw new CasusError('not_found', `The projects folder has no folder "${shown}"`);
  }
  const real = realpathSync(dir);
  if (!inside(root, real)) {
    throw new CasusError('forbidden', `"${shown}" leads outside the projects folder`);
  }
  if (!statSync(real).isDirectory()) {
    throw new CasusError('invalid_input', `"${shown}" in the projects folder is not a folder`);
  }
  return { dir: real, rel: relativeName(root, real) };
}

const parentOf = (rel: string): string | null =>
  rel === '' ? null : rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';

/** The folders and .casus files of one folder of the projects folder. */
export function browseProjectsFolder(folder: string): ProjectsListing {
  const shownRoot = projectsFolder();
  const root = realRoot();
  if (root === null) {
    partsOf(folder);
    return { root: shownRoot, folder: '', parent: null, exists: false, folders: [], projects: [] };
  }
  const { dir, rel } = resolveFolder(folder, root);
  const folders: ProjectsListing['folders'] = [];
  const projects: ProjectsListing['projects'] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Hidden files (presence notes, the system's own) are no projects.
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      continue; // a dangling link
    }
    // A link pointing out of the projects folder is not shown: it could not be opened anyway.
    if (!inside(root, real)) continue;
    const stat = statSync(real, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      folders.push({ name: entry.name, folder: rel ? `${rel}/${entry.name}` : entry.name });
    } else if (stat.isFile() && entry.name.toLowerCase().endsWith('.casus')) {
      projects.push({ fileName: entry.name, path: full, modifiedAt: stat.mtime.toISOString() });
    }
  }
  const byName = (a: { name?: string; fileName?: string }, b: typeof a) =>
    (a.name ?? a.fileName ?? '').localeCompare(b.name ?? b.fileName ?? '');
  folders.sort(byName);
  projects.sort(byName);
  return { root: shownRoot, folder: rel, parent: parentOf(rel), exists: true, folders, projects };
}

/** Whether a path is a .casus file inside the projects folder (symlinks followed). */
export function isProjectInProjectsFolder(path: string): boolean {
  const root = realRoot();
  if (root === null || !path.toLowerCase().endsWith('.casus')) return false;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return false;
  }
  return inside(root, real) && real.toLowerCase().endsWith('.casus') && statSync(real).isFile();
}

/**
 * The path of a new project named `name` in a folder of the projects folder (made when it is the
 * projects folder itself and does not exist yet). Refuses a name whose file already exists.
 */
export function newProjectPath(folder: string, name: string): string {
  let root = realRoot();
  if (root === null) {
    if (partsOf(folder).length > 0) {
      throw new CasusError('not_found', `The projects folder ${projectsFolder()} does not exist`);
    }
    mkdirSync(projectsFolder(), { recursive: true });
    root = realpathSync(projectsFolder());
  }
  const { dir, rel } = resolveFolder(folder, root);
  const fileName = projectFileName(name);
  const path = join(dir, fileName);
  if (existsSync(path)) {
    throw new CasusError(
      'exists',
      `${fileName}: a project with this file name already exists in ${rel ? `the folder "${rel}" of ` : ''}the projects folder; choose another name`,
    );
  }
  return path;
}
