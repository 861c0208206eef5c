import { useCallback } from 'react';
import { useI18n } from '../i18n/index.js';
import { useCall } from './useCall.js';

/**
 * The labels of the project's vocabulary (respondent roles, document types) in the UI's
 * language: views show these, never the stored keys ("regionale-partner"). A value outside the
 * vocabulary (a free role from another tool) is shown as it is.
 */
export function useVocabularyLabels(): {
  role: (key: string | null | undefined) => string;
  documentType: (key: string | null | undefined) => string;
} {
  const { label } = useI18n();
  const vocabulary = useCall('vocabulary.list', {});
  const find = useCallback(
    (kind: 'roles' | 'documentTypes', key: string | null | undefined) => {
      // Nothing rather than the key while the vocabulary loads.
      if (!key || !vocabulary.data) return '';
      const item = vocabulary.data?.[kind].find((v) => v.key === key);
      return item ? label(item.label) : key;
    },
    [vocabulary.data, label],
  );
  return {
    role: useCallback((key) => find('roles', key), [find]),
    documentType: useCallback((key) => find('documentTypes', key), [find]),
  };
}
