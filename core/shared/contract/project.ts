import { z } from 'zod';
import { defineMethods } from './define.js';
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

const FilePath = z.string().min(1, 'a file path').max(4096);

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
    input: z.object({ path: FilePath }),
    output: ProjectInfoSchema,
  },
  'project.create': {
    description: 'Create a new project file from a template, optionally with the demo study.',
    input: z.object({
      path: FilePath,
      name: z.string().min(1).max(200).optional(),
      template: z.enum(['regio-deals', 'blank']).default('regio-deals'),
      demo: z.boolean().default(false),
    }),
    output: ProjectInfoSchema,
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
