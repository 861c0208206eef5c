import type { Feature } from '../feature.js';
import { ReportView } from './ReportView.js';

export const reportFeature: Feature = {
  views: [{ id: 'report', labelKey: 'report.nav', component: ReportView }],
};
