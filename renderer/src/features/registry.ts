import type { ComponentType } from 'react';
import { codingFeature } from './coding/index.js';
import { importFeature } from './import/index.js';
import { matrixFeature } from './matrix/index.js';
import { refiFeature } from './refi/index.js';
import { searchFeature } from './search/index.js';

/** A main-pane view a feature adds to the navigation. */
export interface FeatureView {
  id: string;
  /** i18n key of its navigation label */
  labelKey: string;
  component: ComponentType;
}

/** What a feature plugs into the shell. */
export interface Feature {
  views: FeatureView[];
  /** Rendered in the top bar (e.g. an Import button that opens a dialog). */
  toolbar?: ComponentType;
  /** Rendered in the header of an open source, beside its title (actions on that source). */
  sourceActions?: ComponentType<{ sourceId: string }>;
}

export const features: Feature[] = [
  codingFeature,
  importFeature,
  searchFeature,
  matrixFeature,
  refiFeature,
];
export const featureViews: FeatureView[] = features.flatMap((f) => f.views);
