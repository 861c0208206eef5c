import type { StudyTemplate, TemplateCode } from './types.js';

/**
 * "Regio Deals (PBL 2022)": the structure of PBL's comparative case study of four Regio Deals
 * (see shared/domain/FRAMEWORK.md). Colours come from Paul Tol's and Okabe & Ito's
 * colour-blind-safe palettes.
 */
const principle = (
  key: string,
  color: string,
  nl: string,
  en: string,
  dnl: string,
  den: string,
): TemplateCode => ({
  key,
  dimension: 'principle',
  label: { nl, en },
  description: { nl: dnl, en: den },
  color,
});

export const regioDealsTemplate: StudyTemplate = {
  key: 'regio-deals',
  name: { nl: 'Regio Deals (PBL 2022)', en: 'Regio Deals (PBL 2022)' },
  description: {
    nl: 'Vergelijkende casestudie van vier Regio Deals (tweede tranche): zes uitgangspunten, drie categorieën factoren, twee fasen.',
    en: 'Comparative case study of four Regio Deals (second tranche): six principles, three factor categories, two phases.',
  },
  caseAttributes: [
    {
      key: 'challenge-type',
      label: { nl: 'Type regionale opgave', en: 'Type of regional challenge' },
      type: 'text',
    },
    { key: 'tranche', label: { nl: 'Tranche', en: 'Tranche' }, type: 'number' },
    { key: 'pillars', label: { nl: 'Pijlers', en: 'Pillars' }, type: 'text' },
  ],
  cases: [
    {
      key: 'achterhoek',
      label: { nl: 'Achterhoek', en: 'Achterhoek' },
      attributes: {
        'challenge-type': 'Economische structuur / regionale transitie; fysieke leefomgeving',
        tranche: '2',
        pillars: 'Smart Economy; Smart Living; Smart Governance',
      },
    },
    {
      key: 'den-haag-zuidwest',
      label: { nl: 'Den Haag Zuidwest', en: 'The Hague Southwest' },
      attributes: {
        'challenge-type': 'Sociaaleconomische achterstand; fysieke leefomgeving',
        tranche: '2',
        pillars:
          'Samenleving & Participatie (+ Veiligheid); Vitale inwoners; Activeren, leren en werken',
      },
    },
    {
      key: 'foodvalley',
      label: { nl: 'Foodvalley', en: 'Foodvalley' },
      attributes: {
        'challenge-type': 'Groeipotentieel realiseren; fysieke leefomgeving',
        tranche: '2',
        pillars: 'Transitie landbouw; Voeding & gezondheid; Kennis & Innovatie',
      },
    },
    {
      key: 'zuid-oost-drenthe',
      label: { nl: 'Zuid- en Oost-Drenthe', en: 'South and East Drenthe' },
      attributes: {
        'challenge-type': 'Economische structuur / regionale transitie; fysieke leefomgeving',
        tranche: '2',
        pillars: 'Werken; Wonen; Welzijn (+ Samenwerken en Lerende Regio)',
      },
    },
  ],
  codes: [
    principle(
      'brede-welvaart',
      '#4477AA',
      'Brede welvaart centraal',
      'Broad well-being is central',
      'Het bevorderen van brede welvaart staat centraal (hoofdstuk 3).',
      'Promoting broad well-being is central (chapter 3).',
    ),
    principle(
      'opgave-regio',
      '#EE6677',
      'Opgave en aanpak vanuit de regio',
      'Challenge and approach from the region',
      'De opgave en de aanpak komen uit de regio (hoofdstuk 4).',
      'The challenge and the approach come from the region (chapter 4).',
    ),
    {
      key: 'opgavegericht-werken',
      dimension: 'principle',
      label: { nl: 'Opgavegericht werken', en: 'Challenge-driven working' },
      description: {
        nl: 'Uitgangspunten 3 tot en met 6 samen.',
        en: 'Principles 3 to 6 together.',
      },
      color: '#777777',
      children: [
        principle(
          'regionale-afbakening',
          '#228833',
          'Regionale afbakening',
          'Regional boundary',
          'De regionale afbakening volgt uit de opgave (hoofdstuk 5).',
          'The regional boundary follows from the challenge (chapter 5).',
        ),
        principle(
          'multi-level',
          '#CCBB44',
          'Samenwerking: multi-level',
          'Cooperation: multi-level',
          'Rijk en regionale overheden werken samen (hoofdstuk 6).',
          'National and regional governments work together (chapter 6).',
        ),
        principle(
          'multi-actor',
          '#66CCEE',
          'Samenwerking: multi-actor',
          'Cooperation: multi-actor',
          'Samenwerking over organisaties heen, ook buiten de overheid (hoofdstuk 7).',
          'Working across organisations, beyond government (chapter 7).',
        ),
        principle(
          'integrale-aanpak',
          '#AA3377',
          'Integrale aanpak',
          'Integrated approach',
          'Een integrale aanpak van de regionale opgave (hoofdstuk 8).',
          'An integrated approach to the regional challenge (chapter 8).',
        ),
      ],
    },
    {
      key: 'analytisch-inhoudelijk',
      dimension: 'category',
      label: { nl: 'Analytisch-inhoudelijk', en: 'Analytic-substantive' },
      description: {
        nl: 'Rationele analyse en afweging van inhoudelijke argumenten en feiten.',
        en: 'Rational analysis and weighing of substantive arguments and facts.',
      },
      color: '#E69F00',
    },
    {
      key: 'politiek-bestuurlijk',
      dimension: 'category',
      label: { nl: 'Politiek-bestuurlijk', en: 'Political-administrative' },
      description: {
        nl: 'Onderhandeling en strijd tussen actoren met verschillende waarden, opvattingen en belangen.',
        en: 'Negotiation and struggle between actors with different values, views and interests.',
      },
      color: '#56B4E9',
    },
    {
      key: 'institutioneel',
      dimension: 'category',
      label: { nl: 'Institutioneel', en: 'Institutional' },
      description: {
        nl: 'Routines, formele regels en informele regels die bepalen wat actoren mogelijk en gepast vinden.',
        en: 'Routines, formal and informal rules that shape what actors see as possible and appropriate.',
      },
      color: '#009E73',
    },
    {
      key: 'beleidsvorming',
      dimension: 'phase',
      label: { nl: 'Beleidsvorming', en: 'Policy formation' },
      description: {
        nl: 'De totstandkoming van de deal.',
        en: 'Reaching the deal.',
      },
      color: '#0072B2',
    },
    {
      key: 'beleidsuitvoering',
      dimension: 'phase',
      label: { nl: 'Beleidsuitvoering', en: 'Policy implementation' },
      description: {
        nl: 'De eerste periode na ondertekening.',
        en: 'The first period after signing.',
      },
      color: '#D55E00',
    },
    {
      key: 'praktijk',
      dimension: 'facet',
      label: { nl: 'Praktijk', en: 'Practice' },
      description: {
        nl: 'Hoe gaat dit in de praktijk?',
        en: 'How does this work out in practice?',
      },
      color: '#CC79A7',
    },
    {
      key: 'factor',
      dimension: 'facet',
      label: { nl: 'Factor', en: 'Factor' },
      description: {
        nl: 'Welke factoren spelen een rol?',
        en: 'Which factors play a role?',
      },
      color: '#882255',
    },
    {
      key: 'reflectie',
      dimension: 'facet',
      label: { nl: 'Reflectie', en: 'Reflection' },
      description: {
        nl: 'Lessen: welk uitgangspunt behouden, aanscherpen of loslaten?',
        en: 'Lessons: which principle to keep, sharpen or let go?',
      },
      color: '#999933',
    },
  ],
  roles: [
    { key: 'rijksdealmaker', label: { nl: 'Rijksdealmaker', en: 'National deal-maker' } },
    { key: 'programmaleiding', label: { nl: 'Programmaleiding', en: 'Programme management' } },
    { key: 'trekker', label: { nl: 'Trekker pijler/project', en: 'Pillar or project lead' } },
    {
      key: 'regionale-partner',
      label: { nl: 'Regionale partner (niet-overheid)', en: 'Regional partner (non-government)' },
    },
    { key: 'bestuurder', label: { nl: 'Regionaal bestuurder', en: 'Regional administrator' } },
    { key: 'overig', label: { nl: 'Overig', en: 'Other' } },
  ],
  documentTypes: [
    { key: 'interview-report', label: { nl: 'Interviewverslag', en: 'Interview report' } },
    { key: 'deal-text', label: { nl: 'Dealtekst', en: 'Deal text' } },
    { key: 'meeting-paper', label: { nl: 'Vergaderstuk', en: 'Meeting paper' } },
    { key: 'minutes', label: { nl: 'Notulen', en: 'Minutes' } },
    { key: 'internal-note', label: { nl: 'Interne notitie', en: 'Internal note' } },
    { key: 'presentation', label: { nl: 'Presentatie', en: 'Presentation' } },
    { key: 'progress-report', label: { nl: 'Voortgangsrapportage', en: 'Progress report' } },
    { key: 'news-item', label: { nl: 'Nieuwsbericht', en: 'News item' } },
    { key: 'other', label: { nl: 'Overig', en: 'Other' } },
  ],
  expectedDimensions: ['principle', 'category', 'phase', 'facet'],
  // PBL's case reports: per principle, practice, the factors per category, and a reflection.
  report: {
    chapters: 'principle',
    sections: [
      {
        key: 'practice',
        facet: 'praktijk',
        title: { nl: 'Hoe gaat dit in de praktijk?', en: 'How does this work in practice?' },
      },
      {
        key: 'factors',
        facet: 'factor',
        splitBy: 'category',
        title: { nl: 'Welke factoren spelen een rol?', en: 'Which factors play a role?' },
      },
      { key: 'reflection', facet: 'reflectie', title: { nl: 'Reflectie', en: 'Reflection' } },
    ],
  },
  // Projects made before templates carried their matrices got these two from migration 004.
  matrices: [
    {
      id: 'regio-deals-principles-cases',
      name: { nl: 'Uitgangspunten × casussen', en: 'Principles × cases' },
      spec: { rows: { dim: 'principle', split: 'category' }, cols: { dim: 'case' } },
    },
    {
      id: 'regio-deals-factors-cases',
      name: { nl: 'Factoren × casussen', en: 'Factors × cases' },
      spec: { rows: { dim: 'category' }, cols: { dim: 'case' } },
    },
  ],
};
