import type { Feature } from '../feature.js';
import { SnapshotsView } from './SnapshotsView.js';

/** Snapshots of the project and restoring them: the Restore… view. */
export const snapshotsFeature: Feature = {
  views: [{ id: 'snapshots', labelKey: 'snapshots.nav', component: SnapshotsView }],
};
