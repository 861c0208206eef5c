import { agreementFeature } from './agreement/index.js';
import { auditFeature } from './audit/index.js';
import { codingFeature } from './coding/index.js';
import { confidentialityFeature } from './confidentiality/index.js';
import type { Feature, FeatureView } from './feature.js';
import { importFeature } from './import/index.js';
import { matrixFeature } from './matrix/index.js';
import { memosFeature } from './memos/index.js';
import { refiFeature } from './refi/index.js';
import { reportFeature } from './report/index.js';
import { reviewFeature } from './review/index.js';
import { searchFeature } from './search/index.js';
import { snapshotsFeature } from './snapshots/index.js';
import { transcriptsFeature } from './transcripts/index.js';

export type { Feature, FeatureView } from './feature.js';

export const features: Feature[] = [
  codingFeature,
  importFeature,
  searchFeature,
  matrixFeature,
  memosFeature,
  refiFeature,
  reportFeature,
  agreementFeature,
  snapshotsFeature,
  reviewFeature,
  transcriptsFeature,
  auditFeature,
  confidentialityFeature,
];
export const featureViews: FeatureView[] = features.flatMap((f) => f.views);
