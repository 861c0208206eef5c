import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { projectFileName } from '../core/shared/text/slug.js';
import type { GrantedPaths } from './grants.js';
import type { IpcMainLike } from './ipc.js';

/** The window's channels to the native file dialogs (besides `casus:invoke`). */
export const DIALOG_CHANNELS = {
  chooseProject: 'casus:choose-project',
  chooseNewProject: 'casus:choose-new-project',
  /** A .casus file dropped on the window: the preload resolves the File to its path. */
  droppedProject: 'casus:dropped-project',
  /** A file the user chose in a file field or dropped, to import or attach: read by path. */
  fileToRead: 'casus:file-to-read',
} as const;

/** Electron's dialogs, narrowed to what Casus asks (tests pass fakes). Null: cancelled. */
export interface NativeDialogs {
  /** An existing .casus file to open, starting in `folder`. */
  openProject(folder: string): Promise<string | null>;
  /** Where a new project goes, proposing `defaultPath`. */
  saveProject(defaultPath: string): Promise<string | null>;
}

/**
 * Registers the dialog channels. Each answer is a path the user chose, granted for its use
 * before the window hears of it; calls from other frames are refused as on `casus:invoke`.
 */
export function registerDialogs(
  ipcMain: IpcMainLike,
  dialogs: NativeDialogs,
  grants: GrantedPaths,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  projectsFolder: () => string,
): void {
  ipcMain.handle(DIALOG_CHANNELS.chooseProject, async (event) => {
    if (!isTrustedSender(event)) return null;
    const path = await dialogs.openProject(projectsFolder());
    return path ? grants.grant(path, 'open') : null;
  });
  ipcMain.handle(DIALOG_CHANNELS.chooseNewProject, async (event, name) => {
    if (!isTrustedSender(event)) return null;
    const suggested = typeof name === 'string' && name.trim() ? name.slice(0, 200) : 'project';
    const path = await dialogs.saveProject(join(projectsFolder(), projectFileName(suggested)));
    if (!path) return null;
    return grants.grant(path.toLowerCase().endsWith('.casus') ? path : `${path}.casus`, 'create');
  });
  // Only the preload reaches this channel, with the path Electron gives for a File the user
  // dropped (a File made by a script has none); it must be an existing .casus file.
  ipcMain.handle(DIALOG_CHANNELS.droppedProject, (event, path) => {
    if (!isTrustedSender(event) || typeof path !== 'string') return null;
    if (!path.toLowerCase().endsWith('.casus')) return null;
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return null;
    return grants.grant(path, 'open');
  });
  // The same for a file to read (a recording, a document, a REFI-QDA project): the preload
  // hands over the path Electron gives for the File the user chose; it must be a regular file.
  ipcMain.handle(DIALOG_CHANNELS.fileToRead, (event, path) => {
    if (!isTrustedSender(event) || typeof path !== 'string' || !path) return null;
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return null;
    return grants.grant(path, 'read');
  });
}
