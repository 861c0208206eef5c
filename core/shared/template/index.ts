import { blankTemplate } from './blank.js';
import { regioDealsTemplate } from './regio-deals.js';
import type { StudyTemplate } from './types.js';

export * from './types.js';

export const TEMPLATES: Record<string, StudyTemplate> = {
  [regioDealsTemplate.key]: regioDealsTemplate,
  [blankTemplate.key]: blankTemplate,
};

export const TEMPLATE_KEYS = Object.keys(TEMPLATES);
