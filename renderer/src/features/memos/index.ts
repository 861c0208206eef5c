import type { Feature } from '../feature.js';
import { MemoOverview } from './MemoOverview.js';
import './memos.css';

/** The memo overview: every memo of the project in one list (as MAXQDA's memo manager). */
export const memosFeature: Feature = {
  views: [{ id: 'memos', labelKey: 'memos.nav', component: MemoOverview }],
};
