// Entry of the REFI-QDA read worker. Workers do not inherit the parent's TypeScript loader, so this
// small JavaScript file registers tsx before loading the TypeScript implementation (as the import
// feature's parse worker does).
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
