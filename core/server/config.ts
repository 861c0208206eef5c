import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Per-user settings outside any project: recent projects, the last coder per project, and where
 * snapshots go when not beside the project (`snapshotDir`, set by editing config.json).
 */
export interface UserConfig {
  recent: { path: string; name: string; openedAt: string }[];
  lastCoder: Record<string, string>;
  /** Where the workbench lists and creates projects (default ~/Casus). */
  projectsFolder?: string;
  snapshotDir?: string;
}

export function configDir(): string {
  return process.env.CASUS_CONFIG_DIR ?? join(homedir(), '.config', 'casus');
}

/**
 * The projects folder: what the workbench lists for opening and where it creates new projects
 * (CASUS_PROJECTS_DIR, else the config's projectsFolder, else ~/Casus). The workbench names no
 * other file except those in the recent list and, on the desktop, those chosen in a dialog.
 */
export function projectsFolder(): string {
  return resolve(
    process.env.CASUS_PROJECTS_DIR ?? readConfig().projectsFolder ?? join(homedir(), 'Casus'),
  );
}

const file = () => join(configDir(), 'config.json');

export function readConfig(): UserConfig {
  try {
    const parsed = JSON.parse(readFileSync(file(), 'utf8')) as Partial<UserConfig>;
    return {
      recent: parsed.recent ?? [],
      lastCoder: parsed.lastCoder ?? {},
      ...(typeof parsed.projectsFolder === 'string'
        ? { projectsFolder: parsed.projectsFolder }
        : {}),
      ...(typeof parsed.snapshotDir === 'string' && parsed.snapshotDir.trim()
        ? { snapshotDir: parsed.snapshotDir }
        : {}),
    };
  } catch {
    return { recent: [], lastCoder: {} };
  }
}

export function writeConfig(config: UserConfig): void {
  mkdirSync(configDir(), { recursive: true });
  // Write then rename, so a crash never leaves half a config file.
  const tmp = `${file()}.tmp`;
  writeFileSync(tmp, JSON.stringify(config, null, 2));
  renameSync(tmp, file());
}

export function rememberRecent(path: string, name: string): void {
  const config = readConfig();
  config.recent = [
    { path, name, openedAt: new Date().toISOString() },
    ...config.recent.filter((r) => r.path !== path),
  ].slice(0, 12);
  writeConfig(config);
}

export function rememberCoder(path: string, coderId: string): void {
  const config = readConfig();
  config.lastCoder[path] = coderId;
  writeConfig(config);
}
