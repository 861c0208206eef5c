import { existsSync } from 'node:fs';
import { listCases } from '../../../db/repo/cases.js';
import { codeTree, getCode, getCodeRow } from '../../../db/repo/codes.js';
import { getSource, listSources } from '../../../db/repo/sources.js';
import { storageRisk, type StorageRisk } from '../domain/storage-risk.js';
import type { Db } from '../../../db/open.js';
import type { projectContract } from '../../shared/contract/project.js';
import type { ProjectInfo, SessionInfo } from '../../shared/contract/schemas.js';
import { CasusError } from '../../shared/errors.js';
import { TEMPLATES, type Dimension } from '../../shared/template/index.js';
import { readConfig } from '../config.js';
import type { ServiceContext } from '../context.js';
import { newId, now, slugify } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';

const PALETTE = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function projectInfo(ctx: ServiceContext): ProjectInfo {
  const db = ctx.db();
  const p = db.prepare('SELECT * FROM project WHERE id = 1').get() as {
    uuid: string;
    name: string;
    description: string;
    template: string;
    created_at: string;
    settings: string;
  };
  const settings = JSON.parse(p.settings) as { expectedDimensions?: Dimension[] };
  return {
    path: ctx.session.path ?? '',
    uuid: p.uuid,
    name: p.name,
    description: p.description,
    template: p.template,
    createdAt: p.created_at,
    expectedDimensions: settings.expectedDimensions ?? [],
    counts: {
      cases: count(db, 'cases'),
      sources: count(db, 'sources'),
      codes: count(db, 'codes'),
      segments: count(db, 'segments'),
      codings: count(db, 'codings'),
      memos: count(db, 'memos'),
      respondents: count(db, 'respondents'),
      coders: count(db, 'coders'),
    },
    cases: listCases(db).map((c) => ({
      id: c.id,
      key: c.key,
      label: c.label,
      sourceCount: c.sourceCount,
    })),
  };
}

// session.get is asked after every change; the file system under a path is asked once.
let riskOf: { path: string; risk: StorageRisk | null } | null = null;
function storageRiskOf(path: string): StorageRisk | null {
  if (riskOf?.path !== path) riskOf = { path, risk: storageRisk(path) };
  return riskOf.risk;
}

function sessionInfo(ctx: ServiceContext): SessionInfo {
  const db = ctx.session.db;
  if (!db) return { projectPath: null, projectName: null, coder: null, storageRisk: null };
  const name = (db.prepare('SELECT name FROM project WHERE id = 1').get() as { name: string }).name;
  const coder = ctx.session.coderId
    ? ((db
        .prepare('SELECT id, name, initials, color FROM coders WHERE id = ?')
        .get(ctx.session.coderId) as SessionInfo['coder'] | undefined) ?? null)
    : null;
  const path = ctx.session.path;
  return {
    projectPath: path,
    projectName: name,
    coder,
    storageRisk: path ? storageRiskOf(path) : null,
  };
}

function requireCode(db: Db, id: string) {
  const code = getCode(db, id);
  if (!code) throw new CasusError('not_found', `No code with id ${id}`);
  return code;
}

export const projectHandlers: HandlersFor<typeof projectContract> = {
  'session.get': (_input, ctx) => sessionInfo(ctx),
  'session.setCoder': ({ coderId }, ctx) => {
    if (!ctx.db().prepare('SELECT 1 FROM coders WHERE id = ?').get(coderId)) {
      throw new CasusError('not_found', `No coder with id ${coderId}`);
    }
    ctx.session.setCoder(coderId);
    return sessionInfo(ctx);
  },
  'project.info': (_input, ctx) => projectInfo(ctx),
  'project.open': ({ path }, ctx) => {
    ctx.session.open(path);
    return projectInfo(ctx);
  },
  'project.create': async ({ path, name, template, demo }, ctx) => {
    await ctx.session.create(path, { template, name, demo });
    return projectInfo(ctx);
  },
  'project.recent': () => readConfig().recent.map((r) => ({ ...r, exists: existsSync(r.path) })),
  'project.templates': () =>
    Object.values(TEMPLATES).map((t) => ({ key: t.key, name: t.name, description: t.description })),
  'coders.list': (_input, ctx) =>
    ctx
      .db()
      .prepare('SELECT id, name, initials, color FROM coders ORDER BY created_at, name')
      .all() as {
      id: string;
      name: string;
      initials: string;
      color: string;
    }[],
  'coders.create': ({ name, initials, color }, ctx) => {
    const db = ctx.db();
    if (db.prepare('SELECT 1 FROM coders WHERE lower(name) = lower(?)').get(name)) {
      throw new CasusError('conflict', `A coder named "${name}" already exists`);
    }
    const coder = {
      id: newId(),
      name,
      initials:
        initials ??
        name
          .split(/\s+/)
          .map((w) => w[0]?.toUpperCase() ?? '')
          .join('')
          .slice(0, 3),
      color: color ?? PALETTE[count(db, 'coders') % PALETTE.length] ?? '#4477AA',
    };
    ctx.action('coders.create', (log) => {
      db.prepare(
        'INSERT INTO coders (id, name, initials, color, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(coder.id, coder.name, coder.initials, coder.color, now());
      log.record('coders', coder.id, null, coder);
    });
    if (!ctx.session.coderId) ctx.session.setCoder(coder.id);
    return coder;
  },
  'vocabulary.list': (_input, ctx) => {
    const rows = ctx
      .db()
      .prepare('SELECT kind, key, label_nl, label_en FROM vocabulary ORDER BY sort')
      .all() as { kind: string; key: string; label_nl: string; label_en: string }[];
    const of = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => ({ key: r.key, label: { nl: r.label_nl, en: r.label_en } }));
    return { roles: of('role'), documentTypes: of('document-type') };
  },
  'cases.list': (_input, ctx) => listCases(ctx.db()),
  'cases.create': ({ label, key }, ctx) => {
    const db = ctx.db();
    const finalKey = key ?? slugify(label.en || label.nl);
    if (db.prepare('SELECT 1 FROM cases WHERE key = ?').get(finalKey)) {
      throw new CasusError('conflict', `A case with key "${finalKey}" already exists`);
    }
    const id = newId();
    ctx.action('cases.create', (log) => {
      const row = {
        id,
        key: finalKey,
        label_nl: label.nl,
        label_en: label.en || label.nl,
        sort: count(db, 'cases'),
        created_at: now(),
      };
      db.prepare(
        'INSERT INTO cases (id, key, label_nl, label_en, sort, created_at) VALUES (@id, @key, @label_nl, @label_en, @sort, @created_at)',
      ).run(row);
      log.record('cases', id, null, row);
    });
    const created = listCases(db).find((c) => c.id === id);
    if (!created) throw new CasusError('internal', 'The new case could not be read back');
    return created;
  },
  'respondents.list': ({ caseId }, ctx) => {
    const rows = ctx
      .db()
      .prepare(
        `SELECT id, pseudonym, role, organisation, case_id FROM respondents
         WHERE @caseId IS NULL OR case_id = @caseId ORDER BY pseudonym`,
      )
      .all({ caseId: caseId ?? null }) as {
      id: string;
      pseudonym: string;
      role: string;
      organisation: string;
      case_id: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      pseudonym: r.pseudonym,
      role: r.role,
      organisation: r.organisation,
      caseId: r.case_id,
    }));
  },
  'sources.list': ({ caseId }, ctx) => listSources(ctx.db(), caseId),
  'sources.get': ({ id }, ctx) => {
    const source = getSource(ctx.db(), id);
    if (!source) throw new CasusError('not_found', `No source with id ${id}`);
    return source;
  },
  'codes.tree': (_input, ctx) => codeTree(ctx.db()),
  'codes.create': ({ parentId, dimension, label, key, color, description }, ctx) => {
    const db = ctx.db();
    if (parentId && !getCodeRow(db, parentId))
      throw new CasusError('not_found', `No parent code with id ${parentId}`);
    if (key && db.prepare('SELECT 1 FROM codes WHERE key = ?').get(key)) {
      throw new CasusError('conflict', `A code with key "${key}" already exists`);
    }
    const id = newId();
    const sort = (
      db
        .prepare('SELECT coalesce(max(sort), -1) + 1 AS n FROM codes WHERE parent_id IS ?')
        .get(parentId) as { n: number }
    ).n;
    ctx.action('codes.create', (log) => {
      const row = {
        id,
        parent_id: parentId,
        key: key ?? null,
        dimension,
        label_nl: label.nl,
        label_en: label.en || label.nl,
        description_nl: description?.nl ?? '',
        description_en: description?.en ?? '',
        color: color ?? PALETTE[count(db, 'codes') % PALETTE.length] ?? '#4477AA',
        sort,
        created_at: now(),
      };
      db.prepare(
        `INSERT INTO codes (id, parent_id, key, dimension, label_nl, label_en, description_nl, description_en, color, sort, created_at)
         VALUES (@id, @parent_id, @key, @dimension, @label_nl, @label_en, @description_nl, @description_en, @color, @sort, @created_at)`,
      ).run(row);
      log.record('codes', id, null, row);
    });
    return requireCode(db, id);
  },
  'codes.update': ({ id, label, color, description, dimension }, ctx) => {
    const db = ctx.db();
    const before = getCodeRow(db, id);
    if (!before) throw new CasusError('not_found', `No code with id ${id}`);
    const after = {
      ...before,
      label_nl: label?.nl ?? before.label_nl,
      label_en: label?.en ?? before.label_en,
      description_nl: description?.nl ?? before.description_nl,
      description_en: description?.en ?? before.description_en,
      color: color ?? before.color,
      dimension: dimension ?? before.dimension,
    };
    ctx.action('codes.update', (log) => {
      db.prepare(
        `UPDATE codes SET label_nl = @label_nl, label_en = @label_en, description_nl = @description_nl,
           description_en = @description_en, color = @color, dimension = @dimension WHERE id = @id`,
      ).run(after);
      log.record('codes', id, before, after);
    });
    return requireCode(db, id);
  },
};
