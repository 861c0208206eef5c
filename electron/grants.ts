import { resolve } from 'node:path';
import type { Grant } from '../core/server/files/access.js';

/**
 * The paths the user gave the desktop app: chosen in a native dialog or named on the command
 * line. The main process keeps them and sends them with every call, and the core lets a call
 * name only these (besides the projects folder and the recent list). The window cannot add to
 * them: only the main process's dialogs do.
 */
export class GrantedPaths {
  private readonly grants = new Map<string, Grant>();

  grant(path: string, use: Grant['use']): string {
    const full = resolve(path);
    this.grants.set(`${use}:${full}`, { path: full, use });
    return full;
  }

  list(): Grant[] {
    return [...this.grants.values()];
  }
}
