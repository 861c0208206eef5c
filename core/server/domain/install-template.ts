import type { Writer } from '../../../db/access.js';
import { insertAttribute, insertCase, insertCaseAttributeValue } from '../../../db/repo/cases.js';
import { insertCode } from '../../../db/repo/codes.js';
import { insertMatrixDefinition } from '../../../db/repo/matrices.js';
import { insertProject } from '../../../db/repo/project.js';
import { insertVocabulary } from '../../../db/repo/vocabulary.js';
import { MatrixSpec } from '../../shared/contract/matrix.js';
import type { StudyTemplate, TemplateCode } from '../../shared/template/index.js';
import { newId, now } from './ids.js';

/** Fills a freshly created project with a template's vocabulary, cases, code tree and matrices. */
export function installTemplate(w: Writer, template: StudyTemplate, projectName: string): void {
  const at = now();
  insertProject(w, {
    id: 1,
    uuid: newId(),
    name: projectName,
    description: template.description.en,
    template: template.key,
    created_at: at,
    settings: JSON.stringify({ expectedDimensions: template.expectedDimensions }),
  });
  template.roles.forEach((r, sort) =>
    insertVocabulary(w, {
      kind: 'role',
      key: r.key,
      label_nl: r.label.nl,
      label_en: r.label.en,
      sort,
    }),
  );
  template.documentTypes.forEach((d, sort) =>
    insertVocabulary(w, {
      kind: 'document-type',
      key: d.key,
      label_nl: d.label.nl,
      label_en: d.label.en,
      sort,
    }),
  );

  const attrIds = new Map<string, string>();
  template.caseAttributes.forEach((a, sort) => {
    const id = newId();
    attrIds.set(a.key, id);
    insertAttribute(w, {
      id,
      scope: 'case',
      key: a.key,
      label_nl: a.label.nl,
      label_en: a.label.en,
      type: a.type,
      choices: a.choices ? JSON.stringify(a.choices) : null,
      sort,
    });
  });
  template.cases.forEach((c, sort) => {
    const id = newId();
    insertCase(w, {
      id,
      key: c.key,
      label_nl: c.label.nl,
      label_en: c.label.en,
      description: '',
      sort,
      created_at: at,
    });
    for (const [key, value] of Object.entries(c.attributes)) {
      const attributeId = attrIds.get(key);
      if (attributeId)
        insertCaseAttributeValue(w, { case_id: id, attribute_id: attributeId, value });
    }
  });

  const insertCodes = (codes: TemplateCode[], parentId: string | null) => {
    codes.forEach((c, sort) => {
      const id = newId();
      insertCode(w, {
        id,
        parent_id: parentId,
        key: c.key,
        dimension: c.dimension,
        label_nl: c.label.nl,
        label_en: c.label.en,
        description_nl: c.description.nl,
        description_en: c.description.en,
        color: c.color,
        sort,
        created_at: at,
      });
      if (c.children) insertCodes(c.children, id);
    });
  };
  insertCodes(template.codes, null);

  template.matrices.forEach((m, sort) =>
    insertMatrixDefinition(w, {
      id: m.id,
      name_nl: m.name.nl,
      name_en: m.name.en,
      spec: JSON.stringify(MatrixSpec.parse(m.spec)),
      builtin: 1,
      sort,
      created_at: at,
    }),
  );
}
