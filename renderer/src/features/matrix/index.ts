import type { Feature } from '../registry.js';

export const matrixFeature: Feature = { views: [] };
