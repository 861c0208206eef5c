import type { Feature } from '../feature.js';
import { MatrixView } from './MatrixView.js';

export const matrixFeature: Feature = {
  views: [{ id: 'matrix', labelKey: 'matrix.nav', component: MatrixView }],
};
