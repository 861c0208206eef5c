import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root; the REFI samples live beside the clone in ../shared/refi (read-only). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const REFI_DIR = resolve(REPO_ROOT, '../shared/refi');
export const SAMPLES = resolve(REFI_DIR, 'samples');
