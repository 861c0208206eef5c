import { slugify } from '../../shared/text/slug.js';
import type { Applied } from '../../shared/confidentiality/edits.js';
import type { CasusExtension } from '../refi/extension.js';
import type { RefiCode, RefiProject } from '../refi/model.js';
import type { Lens } from './lens.js';

/**
 * A REFI-QDA project for an audience. Unlike a report, it carries the sources' full texts with
 * the positions of their coded selections, so each text is replaced with a map of its offsets
 * and everything that points into it moves along: selections, the block structure and marks
 * Casus keeps in casus.json, and the references of syntheses. What cannot be replaced inside is
 * left out: the original documents (a .docx holds the names as written) and the editor state of
 * memos and syntheses (their plain text goes, replaced). For the public, times are coarsened to
 * the month or left out where REFI-QDA wants a full date, and date variables are left out.
 */
export function refiForAudience(
  input: { project: RefiProject; extension: CasusExtension },
  lens: Lens,
): { project: RefiProject; extension: CasusExtension } {
  const t = lens.text;
  const isPublic = lens.audience.kind === 'public';
  // Nothing to replace (an empty register, and no dates or cases to coarsen): the team's copy.
  if (!isPublic && lens.entries.length === 0) return input;
  const { project: p, extension: x } = input;
  /** A REFI time (xs:dateTime): gone for the public. */
  const time = (v: string | undefined) => (isPublic ? undefined : v);
  /** A time Casus keeps as text: the month for the public. */
  const month = (v: string) => lens.date(v);
  const opt = (v: string | undefined) => (v === undefined ? undefined : t(v));

  const maps = new Map<string, Applied>();
  const dateVariables = new Set(
    p.variables.filter((v) => v.type === 'Date' || v.type === 'DateTime').map((v) => v.guid),
  );
  const values = (vs: RefiProject['cases'][number]['variableValues']) =>
    vs
      .filter((v) => !(isPublic && dateVariables.has(v.variableGuid)))
      .map((v) => ({ ...v, value: t(v.value) }));
  const code = (c: RefiCode): RefiCode => ({
    ...c,
    name: t(c.name),
    description: opt(c.description),
    children: c.children.map(code),
  });

  const textSources = p.textSources.map((s) => {
    const edited = lens.edit(s.text);
    maps.set(s.guid, edited);
    const { original: _original, ...rest } = s;
    return {
      ...rest,
      name: t(s.name),
      description: opt(s.description),
      text: edited.text,
      createdAt: time(s.createdAt),
      modifiedAt: time(s.modifiedAt),
      variableValues: values(s.variableValues),
      selections: s.selections.map((sel) => ({
        ...sel,
        name: opt(sel.name),
        description: opt(sel.description),
        start: edited.map(sel.start, 'start'),
        end: edited.map(sel.end, 'end'),
        createdAt: time(sel.createdAt),
        modifiedAt: time(sel.modifiedAt),
        codings: sel.codings.map((k) => ({ ...k, createdAt: time(k.createdAt) })),
      })),
    };
  });

  const project: RefiProject = {
    ...p,
    name: t(p.name),
    description: opt(p.description),
    createdAt: time(p.createdAt),
    modifiedAt: time(p.modifiedAt),
    users: p.users.map((u) => ({ ...u, name: t(u.name) })),
    codes: p.codes.map(code),
    variables: p.variables
      .filter((v) => !(isPublic && dateVariables.has(v.guid)))
      .map((v) => ({ ...v, name: t(v.name), description: opt(v.description) })),
    cases: p.cases.map((c) => ({
      ...c,
      name: t(c.name),
      description: opt(c.description),
      variableValues: values(c.variableValues),
    })),
    textSources,
    mediaSources: p.mediaSources.map((m) => ({
      ...m,
      name: t(m.name),
      description: opt(m.description),
    })),
    notes: p.notes.map((n) => ({
      ...n,
      name: t(n.name),
      description: opt(n.description),
      text: t(n.text),
      createdAt: time(n.createdAt),
      modifiedAt: time(n.modifiedAt),
    })),
    sets: p.sets.map((s) => ({ ...s, name: t(s.name), description: opt(s.description) })),
  };

  const moved = (sourceId: string | null | undefined) =>
    (sourceId && maps.get(sourceId)) || { map: (o: number) => o };
  const choices = (json: string | null) => {
    if (json === null) return null;
    try {
      const v = JSON.parse(json) as unknown;
      return Array.isArray(v)
        ? JSON.stringify(v.map((c) => (typeof c === 'string' ? t(c) : c)))
        : json;
    } catch {
      return t(json);
    }
  };
  const refs = (json: string) => {
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return json;
    return JSON.stringify(
      list.map((r: Record<string, unknown>) => {
        const m = moved(typeof r.sourceId === 'string' ? r.sourceId : null);
        return {
          ...r,
          ...(typeof r.quote === 'string' ? { quote: t(r.quote) } : {}),
          ...(typeof r.start === 'number' ? { start: m.map(r.start, 'start') } : {}),
          ...(typeof r.end === 'number' ? { end: m.map(r.end, 'end') } : {}),
        };
      }),
    );
  };

  const extension: CasusExtension = {
    ...x,
    project: { ...x.project, createdAt: month(x.project.createdAt) },
    vocabulary: x.vocabulary.map((v) => ({ ...v, labelNl: t(v.labelNl), labelEn: t(v.labelEn) })),
    codes: Object.fromEntries(
      Object.entries(x.codes).map(([id, c]) => [
        id,
        {
          ...c,
          labelNl: t(c.labelNl),
          labelEn: t(c.labelEn),
          descriptionNl: t(c.descriptionNl),
          descriptionEn: t(c.descriptionEn),
          createdAt: month(c.createdAt),
        },
      ]),
    ),
    coders: Object.fromEntries(
      Object.entries(x.coders).map(([id, c]) => [id, { ...c, createdAt: month(c.createdAt) }]),
    ),
    attributes: x.attributes.map((a) => ({
      ...a,
      labelNl: t(a.labelNl),
      labelEn: t(a.labelEn),
      choices: choices(a.choices),
    })),
    cases: Object.fromEntries(
      Object.entries(x.cases).map(([id, c]) => {
        const key = t(c.key);
        return [
          id,
          {
            ...c,
            key: key === c.key ? key : slugify(key, 'casus'),
            labelNl: t(c.labelNl),
            labelEn: t(c.labelEn),
            createdAt: month(c.createdAt),
          },
        ];
      }),
    ),
    respondents: x.respondents.map((r) => ({
      ...r,
      pseudonym: t(r.pseudonym),
      organisation: t(r.organisation),
      createdAt: month(r.createdAt),
    })),
    sources: Object.fromEntries(
      Object.entries(x.sources).map(([id, s]) => {
        const m = moved(id);
        return [
          id,
          {
            ...s,
            date: s.date === null ? null : lens.date(t(s.date)),
            originalName: t(s.originalName),
            marks: s.marks.map((k) => ({
              ...k,
              start: m.map(k.start, 'start'),
              end: m.map(k.end, 'end'),
            })),
            blocks: s.blocks.map((b) => ({
              ...b,
              ...(typeof b.start === 'number' ? { start: m.map(b.start, 'start') } : {}),
              ...(typeof b.end === 'number' ? { end: m.map(b.end, 'end') } : {}),
            })),
          },
        ];
      }),
    ),
    // The editor state holds the text as written; the note's plain text (replaced) stands in.
    memos: Object.fromEntries(
      Object.entries(x.memos).map(([id, m]) => [
        id,
        { ...m, title: t(m.title), body: '', updatedAt: month(m.updatedAt) },
      ]),
    ),
    ...(x.matrixDefinitions
      ? {
          matrixDefinitions: x.matrixDefinitions.map((d) => ({
            ...d,
            nameNl: t(d.nameNl),
            nameEn: t(d.nameEn),
            createdAt: month(d.createdAt),
          })),
        }
      : {}),
    ...(x.synthesisCells
      ? {
          synthesisCells: x.synthesisCells.map((c) => ({
            ...c,
            body: '',
            bodyText: t(c.bodyText),
            refs: refs(c.refs),
            statusAt: c.statusAt === null ? null : month(c.statusAt),
            updatedAt: month(c.updatedAt),
            createdAt: month(c.createdAt),
          })),
        }
      : {}),
  };
  return { project, extension };
}
