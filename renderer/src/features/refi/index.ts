import type { Feature } from '../feature.js';
import { RefiToolbar } from './RefiToolbar.js';

export const refiFeature: Feature = { views: [], toolbar: RefiToolbar };
