// Entry of the parse worker thread. Workers do not inherit the parent's TypeScript loader, so this
// small JavaScript file registers tsx before loading the TypeScript implementation; that works the
// same under `node bin/*.mjs`, vitest and tsx.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker-main.ts');
