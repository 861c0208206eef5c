import type { Feature } from '../feature.js';
import { ReviewView } from './ReviewView.js';

export const reviewFeature: Feature = {
  views: [{ id: 'review', labelKey: 'review.nav', component: ReviewView }],
};
