import type { Feature } from '../registry.js';

export const codingFeature: Feature = { views: [] };
