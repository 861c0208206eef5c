import type { Feature } from '../feature.js';
import { QuickOpen } from './QuickOpen.js';
import { SearchView } from './SearchView.js';
import { SegmentsView } from './SegmentsView.js';

export { SegmentList, quoteWithReference, type SegmentListProps } from './SegmentList.js';

export const searchFeature: Feature = {
  views: [
    { id: 'search', labelKey: 'search.nav', component: SearchView },
    { id: 'segments', labelKey: 'segments.nav', component: SegmentsView },
  ],
  toolbar: QuickOpen,
};
