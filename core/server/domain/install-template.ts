import type { Db } from '../../../db/open.js';
import type { StudyTemplate, TemplateCode } from '../../shared/template/index.js';
import { newId, now } from './ids.js';

/** Fills a freshly created project with a template's vocabulary, cases and code tree. */
export function installTemplate(db: Db, template: StudyTemplate, projectName: string): void {
  const at = now();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO project (id, uuid, name, description, template, created_at, settings)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
    ).run(
      newId(),
      projectName,
      template.description.en,
      template.key,
      at,
      JSON.stringify({ expectedDimensions: template.expectedDimensions }),
    );
    const vocab = db.prepare(
      'INSERT INTO vocabulary (kind, key, label_nl, label_en, sort) VALUES (?, ?, ?, ?, ?)',
    );
    template.roles.forEach((r, i) => vocab.run('role', r.key, r.label.nl, r.label.en, i));
    template.documentTypes.forEach((d, i) =>
      vocab.run('document-type', d.key, d.label.nl, d.label.en, i),
    );

    const attrIds = new Map<string, string>();
    const attr = db.prepare(
      `INSERT INTO attributes (id, scope, key, label_nl, label_en, type, choices, sort)
       VALUES (?, 'case', ?, ?, ?, ?, ?, ?)`,
    );
    template.caseAttributes.forEach((a, i) => {
      const id = newId();
      attrIds.set(a.key, id);
      attr.run(
        id,
        a.key,
        a.label.nl,
        a.label.en,
        a.type,
        a.choices ? JSON.stringify(a.choices) : null,
        i,
      );
    });
    const kase = db.prepare(
      'INSERT INTO cases (id, key, label_nl, label_en, sort, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const value = db.prepare(
      'INSERT INTO case_attribute_values (case_id, attribute_id, value) VALUES (?, ?, ?)',
    );
    template.cases.forEach((c, i) => {
      const id = newId();
      kase.run(id, c.key, c.label.nl, c.label.en, i, at);
      for (const [key, v] of Object.entries(c.attributes)) {
        const attributeId = attrIds.get(key);
        if (attributeId) value.run(id, attributeId, v);
      }
    });

    const code = db.prepare(
      `INSERT INTO codes (id, parent_id, key, dimension, label_nl, label_en, description_nl,
         description_en, color, sort, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertCodes = (codes: TemplateCode[], parentId: string | null) => {
      codes.forEach((c, i) => {
        const id = newId();
        code.run(
          id,
          parentId,
          c.key,
          c.dimension,
          c.label.nl,
          c.label.en,
          c.description.nl,
          c.description.en,
          c.color,
          i,
          at,
        );
        if (c.children) insertCodes(c.children, id);
      });
    };
    insertCodes(template.codes, null);
  })();
}
