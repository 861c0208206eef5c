import type { matrixContract } from '../../shared/contract/matrix.js';
import type { HandlersFor } from '../handlers.js';

export const matrixHandlers: HandlersFor<typeof matrixContract> = {};
