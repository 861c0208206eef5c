/** Messages of interview transcripts: [Dutch, English]. */
export const transcriptsMessages = {
  'transcripts.speakers.title': ['Sprekers in {name}', 'Speakers in {name}'],
  'transcripts.speakers.hint': [
    'Wie is wie? De namen uit het bestand komen niet in de tekst: daar staat I: (interviewer), R: (respondent) of S1: (overig). De echte naam van een respondent komt alleen in het vertrouwelijke register.',
    'Who is who? The names in the file do not go into the text: it says I: (interviewer), R: (respondent) or S1: (other). A respondent’s real name goes into the confidential register only.',
  ],
  'transcripts.speakers.unnamed': ['(zonder naam)', '(no name)'],
  'transcripts.speakers.turns': [
    { one: '{n} spreekbeurt', other: '{n} spreekbeurten' },
    { one: '{n} turn', other: '{n} turns' },
  ],
  'transcripts.speakers.as': ['is', 'is'],
  'transcripts.speakers.coder': ['Interviewer', 'Interviewer'],
  'transcripts.speakers.noCoder': ['(niet gezegd)', '(not said)'],
  'transcripts.speakers.confirm': ['Importeren met deze sprekers', 'Import with these speakers'],
  'transcripts.speakers.skip': ['Dit bestand overslaan', 'Skip this file'],
  'transcripts.role.interviewer': ['Interviewer', 'Interviewer'],
  'transcripts.role.respondent': ['Respondent', 'Respondent'],
  'transcripts.role.other': ['Overig', 'Other'],
  'segments.speakerRoles': ['Spreker (transcripten)', 'Speaker (transcripts)'],
  'transcripts.turns.title': [
    { one: '{n} spreekbeurt', other: '{n} spreekbeurten' },
    { one: '{n} speaker turn', other: '{n} speaker turns' },
  ],
  'transcripts.turn.show': [
    '{speaker}, {from} tot {to}: toon in de tekst',
    '{speaker}, {from} to {to}: show in the text',
  ],
  'transcripts.codeSpeaker.speaker': ['Alles van spreker', 'Everything of speaker'],
  'transcripts.codeSpeaker.code': ['coderen met', 'code with'],
  'transcripts.codeSpeaker.button': ['Coderen', 'Code'],
  'transcripts.coded': [
    { one: '{n} spreekbeurt gecodeerd', other: '{n} spreekbeurten gecodeerd' },
    { one: '{n} turn coded', other: '{n} turns coded' },
  ],
  'transcripts.media.attach': ['Opname toevoegen', 'Attach recording'],
  'transcripts.media.replace': ['Andere opname kiezen', 'Choose another recording'],
  'transcripts.media.other': ['Opname vervangen', 'Replace recording'],
  'transcripts.media.attaching': ['Opname wordt opgeslagen…', 'Saving the recording…'],
  'transcripts.media.player': ['Opname {name}', 'Recording {name}'],
  'transcripts.media.missing': [
    'De opname {name} staat niet (meer) naast het project. Zet de map .casus-media terug naast het projectbestand, of kies de opname opnieuw.',
    'The recording {name} is not beside the project (any more). Put the .casus-media folder back beside the project file, or choose the recording again.',
  ],
  'transcripts.media.changed': [
    'Het bestand van de opname {name} is veranderd: het is niet meer de opname die werd toegevoegd. Kies de juiste opname opnieuw.',
    'The file of the recording {name} has changed: it is not the recording that was attached. Choose the right recording again.',
  ],
  'transcripts.media.playSegment': ['Afspelen vanaf de spreekbeurt', 'Play from its turn'],
} as const;
