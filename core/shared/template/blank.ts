import type { StudyTemplate } from './types.js';
import { regioDealsTemplate } from './regio-deals.js';

/** An empty study: no cases, no codes; the generic vocabularies only. */
export const blankTemplate: StudyTemplate = {
  key: 'blank',
  name: { nl: 'Lege studie', en: 'Blank study' },
  description: {
    nl: 'Een studie zonder vooraf ingevulde codes.',
    en: 'A study with no predefined codes.',
  },
  caseAttributes: [],
  cases: [],
  codes: [],
  roles: [
    { key: 'respondent', label: { nl: 'Respondent', en: 'Respondent' } },
    { key: 'overig', label: { nl: 'Overig', en: 'Other' } },
  ],
  documentTypes: regioDealsTemplate.documentTypes,
  expectedDimensions: [],
  matrices: [],
};
