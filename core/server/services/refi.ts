import type { refiContract } from '../../shared/contract/refi.js';
import type { HandlersFor } from '../handlers.js';

export const refiHandlers: HandlersFor<typeof refiContract> = {};
