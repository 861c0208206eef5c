import type { codingContract } from '../../shared/contract/coding.js';
import type { HandlersFor } from '../handlers.js';

export const codingHandlers: HandlersFor<typeof codingContract> = {};
