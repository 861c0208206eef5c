import type { Feature } from '../feature.js';
import { AgreementView } from './AgreementView.js';

export const agreementFeature: Feature = {
  views: [{ id: 'agreement', labelKey: 'agreement.nav', component: AgreementView }],
};
