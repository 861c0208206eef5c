import type { Feature } from '../registry.js';
import { RefiToolbar } from './RefiToolbar.js';

export const refiFeature: Feature = { views: [], toolbar: RefiToolbar };
