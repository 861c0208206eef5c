/**
 * Undo and redo in words: what an action did ({codes}: the codes' names, {in}: " in ‘source’"),
 * the sentence after undoing it, after redoing it. [Dutch, English].
 */
export const historyMessages = {
  'history.undoNext': ['Ongedaan maken: {what} (Ctrl+Z)', 'Undo {what} (Ctrl+Z)'],
  'history.redoNext': ['Opnieuw: {what} (Shift+Ctrl+Z)', 'Redo {what} (Shift+Ctrl+Z)'],
  'history.undone': ['Ongedaan gemaakt: {what}', 'Undone: {what}'],
  'history.redone': ['Opnieuw gedaan: {what}', 'Redone: {what}'],
  'history.in': [' in ‘{source}’', ' in ‘{source}’'],
  'history.inSources': [' in {n} bronnen', ' in {n} sources'],
  'history.moreCodes': [
    { one: 'nog {n} code', other: 'nog {n} codes' },
    { one: '{n} more code', other: '{n} more codes' },
  ],
  'history.what.coding.apply': [
    { one: 'codering {codes}{in}', other: 'coderingen {codes}{in}' },
    { one: 'coding {codes}{in}', other: 'codings {codes}{in}' },
  ],
  'history.what.coding.inVivo': ['in-vivocode {codes}{in}', 'in vivo code {codes}{in}'],
  'history.what.coding.remove': [
    'verwijderen van codering {codes}{in}',
    'removing coding {codes}{in}',
  ],
  'history.what.segments.uncode': [
    'verwijderen van codering {codes}{in}',
    'removing coding {codes}{in}',
  ],
  'history.what.segments.update': ['grenzen van een segment{in}', 'boundaries of a segment{in}'],
  'history.what.segments.recode': ['hercoderen {codes}{in}', 'recoding {codes}{in}'],
  'history.what.search.autocode': ['automatisch coderen met {codes}', 'auto-coding with {codes}'],
  'history.what.transcripts.codeSpeaker': [
    'coderen van een spreker met {codes}{in}',
    'coding a speaker with {codes}{in}',
  ],
  'history.what.coding.setFavourite': ['sneltoets', 'quick key'],
  'history.what.codes.create': ['nieuwe code {codes}', 'new code {codes}'],
  'history.what.codes.update': ['wijziging van code {codes}', 'change to code {codes}'],
  'history.what.codes.merge': ['samenvoegen van {codes}', 'merging {codes}'],
  'history.what.codes.move': ['verplaatsen van code {codes}', 'moving code {codes}'],
  'history.what.codes.delete': ['verwijderen van code {codes}', 'deleting code {codes}'],
  'history.what.codes.split': ['splitsen van code {codes}', 'splitting code {codes}'],
  'history.what.memos.save': ['memo{in}', 'memo{in}'],
  'history.what.matrix.definitions.save': ['opgeslagen matrix', 'saved matrix'],
  'history.what.matrix.definitions.delete': [
    'verwijderen van een opgeslagen matrix',
    'deleting a saved matrix',
  ],
  'history.what.matrix.synthesis.save': ['tekst van een synthese', 'text of a synthesis'],
  'history.what.matrix.synthesis.setStatus': ['status van een synthese', 'status of a synthesis'],
  'history.what.matrix.synthesis.cite': ['verwijzing in een synthese', 'reference in a synthesis'],
  'history.what.matrix.synthesis.uncite': ['weghalen van een verwijzing', 'removing a reference'],
  'history.what.matrix.synthesis.restore': [
    'terugzetten van een eerdere synthese',
    'restoring an earlier synthesis',
  ],
  'history.what.other': ['de laatste actie', 'the last action'],
  // What undo did, where a plainer sentence says it better than "Ongedaan gemaakt: …".
  'history.undone.coding.apply': [
    { one: 'Codering {codes} verwijderd{in}', other: 'Coderingen {codes} verwijderd{in}' },
    { one: 'Coding {codes} removed{in}', other: 'Codings {codes} removed{in}' },
  ],
  'history.undone.coding.inVivo': [
    'In-vivocode {codes} verwijderd{in}',
    'In vivo code {codes} removed{in}',
  ],
  'history.undone.coding.remove': [
    { one: 'Codering {codes} teruggezet{in}', other: 'Coderingen {codes} teruggezet{in}' },
    { one: 'Coding {codes} restored{in}', other: 'Codings {codes} restored{in}' },
  ],
  'history.undone.segments.uncode': [
    'Codering {codes} teruggezet{in}',
    'Coding {codes} restored{in}',
  ],
  'history.undone.codes.create': ['Code {codes} verwijderd', 'Code {codes} removed'],
  'history.undone.codes.delete': ['Code {codes} teruggezet', 'Code {codes} restored'],
  'history.undone.search.autocode': [
    {
      one: '{n} automatisch gecodeerd segment verwijderd',
      other: '{n} automatisch gecodeerde segmenten verwijderd',
    },
    { one: '{n} auto-coded segment removed', other: '{n} auto-coded segments removed' },
  ],
  'history.undone.transcripts.codeSpeaker': [
    {
      one: '{n} gecodeerde spreekbeurt verwijderd',
      other: '{n} gecodeerde spreekbeurten verwijderd',
    },
    { one: '{n} coded speaker turn removed', other: '{n} coded speaker turns removed' },
  ],
} as const;
