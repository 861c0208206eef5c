// Entry of the word-list worker thread from source. Workers do not inherit the parent's
// TypeScript loader, so this small JavaScript file registers tsx before loading the TypeScript
// implementation (as the other workers do).
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
