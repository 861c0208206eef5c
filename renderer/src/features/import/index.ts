import type { Feature } from '../registry.js';

export const importFeature: Feature = { views: [] };
