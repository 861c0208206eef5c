import type { Feature } from '../registry.js';
import { ImportToolbar } from './ImportToolbar.js';

export const importFeature: Feature = { views: [], toolbar: ImportToolbar };
