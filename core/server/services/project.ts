import { existsSync } from 'node:fs';
import { readerFor } from '../../../db/access.js';
import type { Reader } from '../../../db/access.js';
import { caseByKey, insertCase, listCases } from '../../../db/repo/cases.js';
import { coderById, coderByName, insertCoder, listCoders } from '../../../db/repo/coders.js';
import {
  codeByKey,
  codeCount,
  codeRow,
  codeTree,
  getCode,
  insertCode,
  nextCodeSort,
  updateCode,
} from '../../../db/repo/codes.js';
import { projectRow, projectSettings, tableCounts } from '../../../db/repo/project.js';
import { listRespondents } from '../../../db/repo/respondents.js';
import { getSource, listSources } from '../../../db/repo/sources.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { projectContract } from '../../shared/contract/project.js';
import type { ProjectInfo, SessionInfo } from '../../shared/contract/schemas.js';
import { CasusError } from '../../shared/errors.js';
import { TEMPLATES, type Dimension } from '../../shared/template/index.js';
import { readConfig } from '../config.js';
import { browseProjectsFolder, newProjectPath } from '../files/projects-folder.js';
import type { ServiceContext } from '../context.js';
import { describePresence } from '../domain/presence.js';
import { storageRisk, type StorageRisk } from '../domain/storage-risk.js';
import { newId, now, slugify } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';

const PALETTE = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'];

export function projectInfo(ctx: ServiceContext): ProjectInfo {
  const r = ctx.read();
  const p = projectRow(r);
  return {
    path: ctx.session.path ?? '',
    uuid: p.uuid,
    name: p.name,
    description: p.description,
    template: p.template,
    createdAt: p.created_at,
    demo: projectSettings(r).demo === true,
    expectedDimensions: (projectSettings(r).expectedDimensions as Dimension[] | undefined) ?? [],
    counts: tableCounts(r),
    cases: listCases(r).map((c) => ({
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

const toCoder = (c: { id: string; name: string; initials: string; color: string }) => ({
  id: c.id,
  name: c.name,
  initials: c.initials,
  color: c.color,
});

function sessionInfo(ctx: ServiceContext): SessionInfo {
  if (!ctx.session.db)
    return {
      projectPath: null,
      projectName: null,
      coder: null,
      storageRisk: null,
      openElsewhere: null,
      asOf: null,
    };
  // The session's coder and the project's name are those of the present, in the past too.
  const r = readerFor(ctx.session.db);
  const coder = ctx.session.coderId ? coderById(r, ctx.session.coderId) : undefined;
  const path = ctx.session.path;
  return {
    projectPath: path,
    projectName: projectRow(r).name,
    coder: coder ? toCoder(coder) : null,
    storageRisk: path && path !== ':memory:' ? storageRiskOf(path) : null,
    asOf: ctx.session.past ? { at: ctx.session.past.at, seq: ctx.session.past.seq } : null,
    openElsewhere: ctx.session.elsewhere
      ? {
          app: ctx.session.elsewhere.app,
          since: ctx.session.elsewhere.since,
          host: ctx.session.elsewhere.host,
          text: describePresence(ctx.session.elsewhere),
        }
      : null,
  };
}

function requireCode(r: Reader, id: string) {
  const code = getCode(r, id);
  if (!code) throw new CasusError('not_found', `No code with id ${id}`);
  return code;
}

export const projectHandlers: HandlersFor<typeof projectContract> = {
  'session.get': (_input, ctx) => sessionInfo(ctx),
  'session.setCoder': ({ coderId }, ctx) => {
    if (!coderById(ctx.read(), coderId))
      throw new CasusError('not_found', `No coder with id ${coderId}`);
    ctx.session.setCoder(coderId);
    return sessionInfo(ctx);
  },
  'project.info': (_input, ctx) => projectInfo(ctx),
  'project.open': ({ path }, ctx) => {
    ctx.session.open(path);
    ctx.changedAll();
    return projectInfo(ctx);
  },
  'project.create': async ({ path, folder, name, template, demo }, ctx) => {
    // In the projects folder the file is named after the project (the workbench's way).
    const target = path ?? newProjectPath(folder ?? '', name ?? '');
    await ctx.session.create(target, { template, name, demo });
    ctx.changedAll();
    return projectInfo(ctx);
  },
  'projects.browse': ({ folder }) => browseProjectsFolder(folder),
  'project.recent': () => readConfig().recent.map((r) => ({ ...r, exists: existsSync(r.path) })),
  'project.templates': () =>
    Object.values(TEMPLATES).map((t) => ({ key: t.key, name: t.name, description: t.description })),
  'coders.list': (_input, ctx) => listCoders(ctx.read()).map(toCoder),
  'coders.create': ({ name, initials, color }, ctx) => {
    const coder = ctx.action('coders.create', (w) => {
      if (coderByName(w, name))
        throw new CasusError('conflict', `A coder named "${name}" already exists`);
      return insertCoder(w, {
        id: newId(),
        name,
        initials:
          initials ??
          name
            .split(/\s+/)
            .map((x) => x[0]?.toUpperCase() ?? '')
            .join('')
            .slice(0, 3),
        color: color ?? PALETTE[tableCounts(w).coders % PALETTE.length] ?? '#4477AA',
        created_at: now(),
      });
    });
    if (!ctx.session.coderId) ctx.session.setCoder(coder.id);
    return toCoder(coder);
  },
  'vocabulary.list': (_input, ctx) => {
    const rows = vocabulary(ctx.read());
    const of = (kind: string) =>
      rows
        .filter((x) => x.kind === kind)
        .map((x) => ({ key: x.key, label: { nl: x.label_nl, en: x.label_en } }));
    return { roles: of('role'), documentTypes: of('document-type') };
  },
  'cases.list': (_input, ctx) => listCases(ctx.read()),
  'cases.create': ({ label, key }, ctx) => {
    const finalKey = key ?? slugify(label.en || label.nl);
    const id = ctx.action('cases.create', (w) => {
      if (caseByKey(w, finalKey))
        throw new CasusError('conflict', `A case with key "${finalKey}" already exists`);
      return insertCase(w, {
        id: newId(),
        key: finalKey,
        label_nl: label.nl,
        label_en: label.en || label.nl,
        description: '',
        sort: tableCounts(w).cases,
        created_at: now(),
      }).id;
    });
    const created = listCases(ctx.read()).find((c) => c.id === id);
    if (!created) throw new CasusError('internal', 'The new case could not be read back');
    return created;
  },
  'respondents.list': ({ caseId }, ctx) =>
    listRespondents(ctx.read(), caseId ?? null).map((r) => ({
      id: r.id,
      pseudonym: r.pseudonym,
      role: r.role,
      organisation: r.organisation,
      caseId: r.case_id,
    })),
  'sources.list': ({ caseId }, ctx) => listSources(ctx.read(), caseId),
  'sources.get': ({ id }, ctx) => {
    const source = getSource(ctx.read(), id);
    if (!source) throw new CasusError('not_found', `No source with id ${id}`);
    return source;
  },
  'codes.tree': (_input, ctx) => codeTree(ctx.read()),
  'codes.create': ({ parentId, dimension, label, key, color, description }, ctx) => {
    const id = ctx.action('codes.create', (w) => {
      if (parentId && !codeRow(w, parentId))
        throw new CasusError('not_found', `No parent code with id ${parentId}`);
      if (key && codeByKey(w, key))
        throw new CasusError('conflict', `A code with key "${key}" already exists`);
      return insertCode(w, {
        id: newId(),
        parent_id: parentId,
        key: key ?? null,
        dimension,
        label_nl: label.nl,
        label_en: label.en || label.nl,
        description_nl: description?.nl ?? '',
        description_en: description?.en ?? '',
        color: color ?? PALETTE[codeCount(w) % PALETTE.length] ?? '#4477AA',
        sort: nextCodeSort(w, parentId),
        created_at: now(),
      }).id;
    });
    return requireCode(ctx.read(), id);
  },
  'codes.update': ({ id, label, color, description, dimension }, ctx) => {
    ctx.action('codes.update', (w) => {
      const before = codeRow(w, id);
      if (!before) throw new CasusError('not_found', `No code with id ${id}`);
      updateCode(w, before, {
        label_nl: label?.nl ?? before.label_nl,
        label_en: label?.en ?? before.label_en,
        description_nl: description?.nl ?? before.description_nl,
        description_en: description?.en ?? before.description_en,
        color: color ?? before.color,
        dimension: dimension ?? before.dimension,
      });
    });
    return requireCode(ctx.read(), id);
  },
};
