// Entry of the test worker: registers tsx (workers do not inherit the parent's loader), then loads
// the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./stop-worker-main.ts');
