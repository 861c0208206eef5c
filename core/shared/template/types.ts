/** A study template: the vocabulary and code tree a new project starts with. */
export type Dimension = 'principle' | 'category' | 'phase' | 'facet' | 'free';

export const DIMENSIONS: readonly Dimension[] = ['principle', 'category', 'phase', 'facet', 'free'];

export interface Bilingual {
  nl: string;
  en: string;
}

export interface TemplateCode {
  /** Stable short key, unique in the project; also the alias typed in the palette and CLI. */
  key: string;
  dimension: Dimension;
  label: Bilingual;
  description: Bilingual;
  color: string;
  children?: TemplateCode[];
}

export type AttributeType = 'text' | 'number' | 'date' | 'boolean' | 'choice';

export interface TemplateAttribute {
  key: string;
  label: Bilingual;
  type: AttributeType;
  /** For `choice`: the allowed values. */
  choices?: string[];
}

export interface TemplateCase {
  key: string;
  label: Bilingual;
  /** Attribute key → value (text; lists joined with "; "). */
  attributes: Record<string, string>;
}

export interface VocabularyItem {
  key: string;
  label: Bilingual;
}

/**
 * A matrix the template ships as a saved definition. `spec` is a MatrixSpec (core/shared/contract/
 * matrix.ts); kept as plain data here so templates do not depend on the contract.
 */
export interface TemplateMatrix {
  /** Stable id: the same in every project made from the template. */
  id: string;
  name: Bilingual;
  spec: {
    rows: { dim: string; split?: string };
    cols: { dim: string; split?: string };
  };
}

/**
 * How a case report (casusrapport) is built: one chapter per code of a dimension (the study's
 * principles), each with sections that are cells of the cube — a facet, optionally split by
 * another dimension (factors per factor category). Codes are named by their template key.
 */
export interface ReportPlan {
  chapters: Dimension;
  sections: {
    key: string;
    title: Bilingual;
    /** The facet code (template key) of the section's cells. */
    facet?: string;
    /** One sub-section per code of this dimension (factor categories). */
    splitBy?: Dimension;
  }[];
}

export interface StudyTemplate {
  key: string;
  name: Bilingual;
  description: Bilingual;
  caseAttributes: TemplateAttribute[];
  cases: TemplateCase[];
  codes: TemplateCode[];
  roles: VocabularyItem[];
  documentTypes: VocabularyItem[];
  /** Dimensions a coded segment is expected to carry; the coding palette prompts for them. */
  expectedDimensions: Dimension[];
  /** Saved matrices a new project starts with. */
  matrices: TemplateMatrix[];
  /** The structure of a case report; without one, chapters are the default matrix's rows. */
  report?: ReportPlan;
}
