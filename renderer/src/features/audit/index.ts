import type { Feature } from '../feature.js';
import { ActivityView } from './ActivityView.js';
import { SourceComments } from './CommentsButton.js';
import { InboxView } from './InboxView.js';
import { TimeTravelButton } from './TimeTravel.js';

/** Colleague review and the audit trail: the activity log, comments and review, time travel. */
export const auditFeature: Feature = {
  views: [
    { id: 'activity', labelKey: 'audit.activity.nav', component: ActivityView },
    { id: 'inbox', labelKey: 'audit.inbox.nav', component: InboxView },
  ],
  toolbar: TimeTravelButton,
  sourceActions: SourceComments,
};

export { CommentsButton } from './CommentsButton.js';

export { PastBanner } from './TimeTravel.js';
export { ReviewControl } from './ReviewControl.js';
export { Threads } from './Threads.js';
export { usePast } from './usePast.js';
