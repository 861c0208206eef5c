import type { Feature } from '../feature.js';
import { ConfidentialityView } from './ConfidentialityView.js';

/** The register of identifying terms, and candidates found in the sources to confirm or dismiss. */
export const confidentialityFeature: Feature = {
  views: [
    {
      id: 'confidentiality',
      labelKey: 'confidentiality.nav',
      component: ConfidentialityView,
    },
  ],
};
