import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

// Only this suite (npm run test:samples) reads outside the repository: the team's REFI-QDA
// reference folder beside the clone, ../shared/refi (read-only, not distributable; see
// fixtures/refi/README.md for the fixtures that stand in for it in `npm test`).
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REFI_DIR = resolve(REPO_ROOT, '../shared/refi');
export const SAMPLES = resolve(REFI_DIR, 'samples');
