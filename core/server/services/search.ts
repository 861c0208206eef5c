import type { searchContract } from '../../shared/contract/search.js';
import type { HandlersFor } from '../handlers.js';

export const searchHandlers: HandlersFor<typeof searchContract> = {};
