import type { Feature } from '../feature.js';
import { ImportToolbar, SourceImportActions } from './ImportToolbar.js';

export const importFeature: Feature = {
  views: [],
  toolbar: ImportToolbar,
  sourceActions: SourceImportActions,
};
