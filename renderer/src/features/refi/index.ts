import type { Feature } from '../registry.js';

export const refiFeature: Feature = { views: [] };
