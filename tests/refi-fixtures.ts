import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, type Zippable } from 'fflate';

/** The repository root. Tests read only what it holds or what they make themselves. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The team's REFI-QDA fixtures (see fixtures/refi/README.md). */
export const REFI_FIXTURES = join(REPO_ROOT, 'fixtures', 'refi');

export function refiFixture(name: string): string {
  return join(REFI_FIXTURES, name);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * A fixture folder (project.qde plus its sources, laid out as the imitated program lays out its
 * archive) packed as a .qdpx. The folder is kept unpacked so that reviewers can read it.
 */
export function packQdpx(folder: string): Uint8Array {
  const dir = refiFixture(folder);
  const entries: Zippable = {};
  for (const file of filesUnder(dir)) {
    const name = relative(dir, file).split(/[\\/]/).join('/');
    entries[name] = new Uint8Array(readFileSync(file));
  }
  return zipSync(entries);
}
