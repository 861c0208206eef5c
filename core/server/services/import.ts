import type { importContract } from '../../shared/contract/import.js';
import type { HandlersFor } from '../handlers.js';

export const importHandlers: HandlersFor<typeof importContract> = {};
