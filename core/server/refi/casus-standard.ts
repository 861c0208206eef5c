import type { SourceRow } from '../../../db/tables.js';
import type { Dimension } from '../../shared/template/types.js';
import { derivedGuid } from './guid.js';
import type { RefiSet, RefiVariable, RefiVariableType, RefiVariableValue } from './model.js';

/*
 * What Casus writes into the standard part of a .qdpx, beside casus.json: code dimensions as
 * Sets and source metadata as source Variables. Other programs show these (ATLAS.ti and MAXQDA as
 * code groups and document variables, NVivo as sets and attributes); Casus reads them back by
 * name when casus.json is absent, so a project that went through another program keeps them.
 */

type CodedDimension = Exclude<Dimension, 'free'>;

export const DIMENSION_SET_NAMES: Record<CodedDimension, string> = {
  principle: 'Dimensie: principe (principle)',
  category: 'Dimensie: categorie (category)',
  phase: 'Dimensie: fase (phase)',
  facet: 'Dimensie: facet (facet)',
};

const CODED_DIMENSIONS = Object.keys(DIMENSION_SET_NAMES) as CodedDimension[];

/** The GUID of a dimension's Set: the same on every export of the project. */
export const dimensionSetGuid = (projectUuid: string, dim: CodedDimension) =>
  derivedGuid(projectUuid, 'set', dim);

/** The Set of one dimension's codes, or null when the project has none. */
export function dimensionSets(
  projectUuid: string,
  codes: readonly { guid: string; dimension: Dimension }[],
): RefiSet[] {
  return CODED_DIMENSIONS.flatMap((dim) => {
    const members = codes.filter((c) => c.dimension === dim).map((c) => c.guid);
    return members.length === 0
      ? []
      : [
          {
            guid: dimensionSetGuid(projectUuid, dim),
            name: DIMENSION_SET_NAMES[dim],
            codeGuids: members,
            sourceGuids: [],
            noteGuids: [],
          },
        ];
  });
}

/** The dimension a Set named as Casus names them stands for (either language in the name). */
export function dimensionOfSet(name: string): CodedDimension | null {
  const n = name.trim().toLowerCase();
  for (const dim of CODED_DIMENSIONS) {
    if (n === DIMENSION_SET_NAMES[dim].toLowerCase()) return dim;
  }
  return null;
}

/** Source metadata as Casus writes it into source Variables. */
export type SourceMetaKey = 'kind' | 'documentType' | 'date' | 'respondent' | 'role' | 'validation';

export interface SourceMetaVariable {
  key: SourceMetaKey;
  name: string;
  type: RefiVariableType;
}

export const SOURCE_META: readonly SourceMetaVariable[] = [
  { key: 'kind', name: 'Soort bron (source kind)', type: 'Text' },
  { key: 'documentType', name: 'Documenttype (document type)', type: 'Text' },
  { key: 'date', name: 'Datum (date)', type: 'Date' },
  { key: 'respondent', name: 'Respondent', type: 'Text' },
  { key: 'role', name: 'Rol (role)', type: 'Text' },
  { key: 'validation', name: 'Validatie (validation)', type: 'Text' },
];

export const sourceMetaGuid = (projectUuid: string, key: SourceMetaKey) =>
  derivedGuid(projectUuid, 'variable', key);

/** The Variables of source metadata, with GUIDs that stay the same on every export. */
export function sourceMetaVariables(
  projectUuid: string,
): (RefiVariable & { key: SourceMetaKey })[] {
  return SOURCE_META.map((m) => ({
    guid: sourceMetaGuid(projectUuid, m.key),
    name: m.name,
    type: m.type,
    key: m.key,
  }));
}

/** One source's metadata as Variable values (empty values are left out). */
export function sourceMetaValues(
  projectUuid: string,
  s: SourceRow,
  respondent: { pseudonym: string; role: string } | undefined,
): RefiVariableValue[] {
  const values: Record<SourceMetaKey, string | null> = {
    kind: s.kind,
    documentType: s.document_type,
    date: s.date,
    respondent: respondent?.pseudonym ?? null,
    role: respondent?.role ?? null,
    validation: s.validation,
  };
  return SOURCE_META.flatMap((m) => {
    const v = values[m.key];
    return v === null || v === ''
      ? []
      : [{ variableGuid: sourceMetaGuid(projectUuid, m.key), value: v }];
  });
}

/** Which source-metadata field a Variable stands for, by its name as Casus writes it. */
export function sourceMetaKeyOf(name: string): SourceMetaKey | null {
  const n = name.trim().toLowerCase();
  return SOURCE_META.find((m) => m.name.toLowerCase() === n)?.key ?? null;
}

/** Source metadata read back from Variable values (what is missing or invalid is null). */
export interface SourceMeta {
  kind: 'interview' | 'document' | null;
  documentType: string | null;
  date: string | null;
  respondent: string | null;
  role: string | null;
  validation: 'draft' | 'sent' | 'approved' | 'corrections' | null;
}

const VALIDATIONS = ['draft', 'sent', 'approved', 'corrections'] as const;

export function readSourceMeta(
  values: readonly RefiVariableValue[],
  keyOf: (variableGuid: string) => SourceMetaKey | null,
): SourceMeta {
  const meta: SourceMeta = {
    kind: null,
    documentType: null,
    date: null,
    respondent: null,
    role: null,
    validation: null,
  };
  for (const v of values) {
    const key = keyOf(v.variableGuid);
    const value = v.value.trim();
    if (!key || value === '') continue;
    switch (key) {
      case 'kind':
        if (value === 'interview' || value === 'document') meta.kind = value;
        break;
      case 'validation':
        meta.validation = VALIDATIONS.find((x) => x === value) ?? null;
        break;
      case 'date':
        if (/^\d{4}-\d\d-\d\d$/.test(value)) meta.date = value;
        break;
      default:
        meta[key] = value.slice(0, 200);
    }
  }
  return meta;
}
