import type { Feature } from '../registry.js';

export const searchFeature: Feature = { views: [] };
