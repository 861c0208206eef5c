import type { Feature } from '../feature.js';
import { TurnsPanel } from './TurnsPanel.js';

export const transcriptsFeature: Feature = {
  views: [],
  sourcePanel: TurnsPanel,
};
