import type { ComponentType } from 'react';

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
  /** Rendered between an open source's header and its text (e.g. a transcript's turns). */
  sourcePanel?: ComponentType<{ sourceId: string }>;
}
