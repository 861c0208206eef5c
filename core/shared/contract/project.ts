import { z } from 'zod';
import { defineMethods } from './define.js';
import { filePath } from './files.js';
import {
  Bilingual,
  CaseSchema,
  CodeSchema,
  Color,
  CoderSchema,
  DimensionSchema,
  Id,
  ProjectInfoSchema,
  RespondentSchema,
  SessionSchema,
  SourceSchema,
  SourceSummarySchema,
  VocabularyItemSchema,
} from './schemas.js';

/**
 * A folder inside the projects folder, relative to it ('' is the projects folder itself), as
 * projects.browse lists it. The server resolves it and refuses anything that leaves the folder.
 */
export const ProjectsSubfolder = z.string().max(1000).default('');

/** What projects.browse lists: the folders and project files of one folder of the projects folder. */
export const ProjectsListingSchema = z.object({
  /** The projects folder (absolute), to show where projects go. */
  root: z.string(),
  /** The folder listed, relative to the root ('' for the root), with '/' between names. */
  folder: z.string(),
  /** The folder above it, relative to the root, or null at the root. */
  parent: z.string().nullable(),
  /** Whether the projects folder exists yet (it is made when the first project goes in). */
  exists: z.boolean(),
  folders: z.array(z.object({ name: z.string(), folder: z.string() })),
  projects: z.array(z.object({ fileName: z.string(), path: z.string(), modifiedAt: z.string() })),
});
export type ProjectsListing = z.infer<typeof ProjectsListingSchema>;

/** The foundation: projects, session, cases, respondents, sources (read), codes (basic), coders. */
export const projectContract = defineMethods({
  'session.get': {
    description: 'The open project and the current coder.',
    input: z.object({}),
    output: SessionSchema,
  },
  'session.setCoder': {
    description: 'Choose the coder whose name every new coding records.',
    input: z.object({ coderId: Id }),
    output: SessionSchema,
  },
  'project.info': {
    description: 'Name, template, counts and cases of the open project.',
    input: z.object({}),
    output: ProjectInfoSchema,
  },
  'project.open': {
    description: 'Open an existing .casus project file.',
    input: z.object({ path: filePath('open') }),
    output: ProjectInfoSchema,
  },
  'project.create': {
    description:
      'Create a new project file from a template, optionally with the demo study: at path, or ' +
      'named after its name in a folder of the projects folder (folder, relative to it).',
    input: z
      .object({
        path: filePath('create').optional(),
        folder: z.string().max(1000).optional(),
        name: z.string().trim().min(1).max(200).optional(),
        template: z.enum(['regio-deals', 'blank']).default('regio-deals'),
        demo: z.boolean().default(false),
      })
      .refine((v) => (v.path === undefined) !== (v.folder === undefined), {
        message: 'give either path or folder, not both',
      })
      .refine((v) => v.folder === undefined || v.name !== undefined, {
        message: 'a project made in the projects folder needs its name',
      }),
    output: ProjectInfoSchema,
  },
  'projects.browse': {
    description:
      'The folders and .casus files of one folder of the projects folder (never outside it).',
    input: z.object({ folder: ProjectsSubfolder }),
    output: ProjectsListingSchema,
  },
  'project.recent': {
    description: 'Recently opened projects, newest first.',
    input: z.object({}),
    output: z.array(
      z.object({ path: z.string(), name: z.string(), openedAt: z.string(), exists: z.boolean() }),
    ),
  },
  'project.templates': {
    description: 'The study templates a new project can start from.',
    input: z.object({}),
    output: z.array(z.object({ key: z.string(), name: Bilingual, description: Bilingual })),
  },
  'coders.list': {
    description: 'The people who code in this project.',
    input: z.object({}),
    output: z.array(CoderSchema),
  },
  'coders.create': {
    description: 'Add a coder.',
    input: z.object({
      name: z.string().trim().min(1).max(100),
      initials: z.string().trim().min(1).max(4).optional(),
      color: Color.optional(),
    }),
    output: CoderSchema,
  },
  'vocabulary.list': {
    description: 'Respondent roles and document types of the project.',
    input: z.object({}),
    output: z.object({
      roles: z.array(VocabularyItemSchema),
      documentTypes: z.array(VocabularyItemSchema),
    }),
  },
  'cases.list': {
    description: 'Cases with their attributes.',
    input: z.object({}),
    output: z.array(CaseSchema),
  },
  'cases.create': {
    description: 'Add a case.',
    input: z.object({ label: Bilingual, key: z.string().trim().min(1).max(80).optional() }),
    output: CaseSchema,
  },
  'respondents.list': {
    description: 'Respondents (pseudonyms, roles, organisations).',
    input: z.object({ caseId: Id.optional() }),
    output: z.array(RespondentSchema),
  },
  'sources.list': {
    description: 'Sources, optionally of one case.',
    input: z.object({ caseId: Id.optional() }),
    output: z.array(SourceSummarySchema),
  },
  'sources.get': {
    description: 'One source with its plain text and block structure.',
    input: z.object({ id: Id }),
    output: SourceSchema,
  },
  'codes.tree': {
    description: 'Every code, flat, in tree order, with counts.',
    input: z.object({}),
    output: z.array(CodeSchema),
  },
  'codes.create': {
    description: 'Add a code to the tree.',
    input: z.object({
      parentId: Id.nullable().default(null),
      dimension: DimensionSchema.default('free'),
      label: z.object({
        nl: z.string().trim().min(1).max(200),
        en: z.string().trim().max(200).default(''),
      }),
      key: z.string().trim().min(1).max(80).optional(),
      color: Color.optional(),
      description: Bilingual.optional(),
    }),
    output: CodeSchema,
  },
  'codes.update': {
    description: 'Rename, recolour or describe a code.',
    input: z.object({
      id: Id,
      label: Bilingual.partial().optional(),
      color: Color.optional(),
      description: Bilingual.partial().optional(),
      dimension: DimensionSchema.optional(),
    }),
    output: CodeSchema,
  },
});
