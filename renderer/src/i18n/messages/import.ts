/** Messages of the import feature: [Dutch, English]. */
export const importMessages = {
  'import.button': ['Importeren', 'Import'],
  'import.title': ['Bestanden importeren', 'Import files'],
  'import.choose': ['Bestanden kiezen', 'Choose files'],
  'import.dropHere': [
    'Sleep bestanden hierheen of kies ze ({extensions}; hoogstens {size} MB per bestand).',
    'Drop files here or choose them ({extensions}; at most {size} MB per file).',
  ],
  'import.files': [
    { one: '{count} bestand gekozen', other: '{count} bestanden gekozen' },
    { one: '{count} file chosen', other: '{count} files chosen' },
  ],
  'import.remove': ['{name} weghalen', 'Remove {name}'],
  'import.case': ['Casus', 'Case'],
  'import.noCase': ['(geen casus)', '(no case)'],
  'import.documentType': ['Documentsoort', 'Document type'],
  'import.date': ['Datum', 'Date'],
  'import.respondent': ['Respondent', 'Respondent'],
  'import.respondentNone': ['(geen)', '(none)'],
  'import.respondentNew': ['Nieuwe respondent…', 'New respondent…'],
  'import.pseudonym': ['Pseudoniem', 'Pseudonym'],
  'import.role': ['Rol', 'Role'],
  'import.validation': ['Validatie', 'Validation'],
  'import.validation.draft': ['Concept', 'Draft'],
  'import.validation.sent': ['Verstuurd naar respondent', 'Sent to respondent'],
  'import.validation.approved': ['Goedgekeurd door respondent', 'Approved by respondent'],
  'import.validation.corrections': ['Correcties ontvangen', 'Corrections received'],
  'import.start': [
    { one: '{count} bestand importeren', other: '{count} bestanden importeren' },
    { one: 'Import {count} file', other: 'Import {count} files' },
  ],
  'import.progress': ['Bestand {n} van {total}: {name}', 'File {n} of {total}: {name}'],
  'import.summary': ['Resultaat', 'Summary'],
  'import.imported': ['{count} geïmporteerd', '{count} imported'],
  'import.skipped': [
    '{count} overgeslagen (staan al in het project)',
    '{count} skipped (already in the project)',
  ],
  'import.failed': ['{count} mislukt', '{count} failed'],
  'import.skippedAs': [
    '{name}: staat al in het project als “{title}”',
    '{name}: already in the project as “{title}”',
  ],
  'import.another': ['Meer importeren', 'Import more'],
  'import.stop': ['Stoppen na dit bestand', 'Stop after this file'],
  'import.stopping': ['Stoppen…', 'Stopping…'],
  'import.notStarted': [
    {
      one: 'Gestopt: {count} bestand is niet geïmporteerd.',
      other: 'Gestopt: {count} bestanden zijn niet geïmporteerd.',
    },
    {
      one: 'Stopped: {count} file was not imported.',
      other: 'Stopped: {count} files were not imported.',
    },
  ],
  'import.reason.empty': ['het bestand is leeg', 'the file is empty'],
  'import.reason.corrupt': [
    'het bestand is beschadigd of niet wat de naam zegt',
    'the file is damaged or not what its name says',
  ],
  'import.reason.zip-bomb': [
    'het bestand pakt uit tot veel te veel gegevens (zipbom)',
    'the file expands to far too much data (zip bomb)',
  ],
  'import.reason.scanned-pdf': [
    'gescande pdf zonder tekst (eerst OCR toepassen)',
    'scanned PDF, no text (run OCR first)',
  ],
  'import.reason.encrypted-pdf': [
    'de pdf is met een wachtwoord beveiligd',
    'the PDF is password-protected',
  ],
  'import.reason.binary': [
    'het bestand is geen tekst maar binaire data',
    'the file is binary data, not text',
  ],
  'import.reason.too-large': [
    'het bestand is groter dan de limiet',
    'the file is larger than the limit',
  ],
  'import.reason.too-deep': [
    'het document is te diep genest om te lezen',
    'the document is nested too deeply to read',
  ],
  'import.reason.unsupported': [
    'dit bestandstype wordt niet ondersteund',
    'this file type is not supported',
  ],
  'import.reason.timeout': [
    'het lezen duurde te lang en is gestopt',
    'reading the file took too long and was stopped',
  ],
  'import.edit': ['Metadata bewerken', 'Edit metadata'],
  'import.editTitle': ['Metadata van de bron', 'Source metadata'],
  'import.sourceTitle': ['Titel', 'Title'],
  'import.kind': ['Soort', 'Kind'],
  'import.kind.interview': ['Interviewverslag', 'Interview report'],
  'import.kind.document': ['Document', 'Document'],
  'import.save': ['Opslaan', 'Save'],
  'import.saved': ['Opgeslagen', 'Saved'],
  'import.original': ['Oorspronkelijk bestand: {name}', 'Original file: {name}'],
  'import.newVersion.button': ['Nieuwe versie…', 'New version…'],
  'import.newVersion.title': ['Nieuwe versie van “{title}”', 'New version of “{title}”'],
  'import.newVersion.intro': [
    'Kies het gewijzigde bestand. Casus zoekt elk gecodeerd segment op zijn tekst in de nieuwe versie en laat eerst zien wat dat oplevert; er wordt niets geïmporteerd voordat je bevestigt.',
    'Choose the changed file. Casus looks for every coded segment by its text in the new version and first shows what that gives; nothing is imported until you confirm.',
  ],
  'import.newVersion.choose': ['Gewijzigd bestand', 'Changed file'],
  'import.newVersion.checking': ['{name} wordt vergeleken…', 'Comparing {name}…'],
  'import.newVersion.unchanged': [
    '{name} is hetzelfde bestand als deze bron: er is niets te importeren.',
    '{name} is the same file as this source: there is nothing to import.',
  ],
  'import.newVersion.noSegments': [
    'Deze bron heeft geen gecodeerde segmenten.',
    'This source has no coded segments.',
  ],
  'import.newVersion.reanchored': [
    '{n} van {total} gecodeerde segmenten opnieuw verankerd',
    '{n} of {total} coded segments re-anchored',
  ],
  'import.newVersion.lost': [
    'Deze {count} segmenten komen in de nieuwe versie niet voor. Importeer je toch, dan blijven ze met hun codes op de vorige versie staan, die als eerdere versie in het project blijft:',
    'These {count} segments do not occur in the new version. If you import anyway, they stay with their codes on the previous version, which remains in the project as an earlier version:',
  ],
  'import.newVersion.refused': [
    'Niet geïmporteerd: de bron is intussen veranderd. Bekijk de lijst opnieuw.',
    'Not imported: the source changed meanwhile. Check the list again.',
  ],
  'import.newVersion.import': ['Importeren als nieuwe versie', 'Import as new version'],
  'import.newVersion.lost.one': [
    'Dit segment komt in de nieuwe versie niet voor. Importeer je toch, dan blijft het met zijn codes op de vorige versie staan, die als eerdere versie in het project blijft:',
    'This segment does not occur in the new version. If you import anyway, it stays with its codes on the previous version, which remains in the project as an earlier version:',
  ],
  'import.newVersion.importAnyway.one': [
    'Toch importeren; dat ene segment blijft op de vorige versie',
    'Import anyway; keep that one segment on the previous version',
  ],
  'import.newVersion.importAnyway': [
    'Toch importeren; die {count} segmenten blijven op de vorige versie',
    'Import anyway; keep those {count} segments on the previous version',
  ],
  'import.newVersion.importing': ['Importeren…', 'Importing…'],
  'import.newVersion.earlier': [
    'Deze bron is al vervangen door een nieuwere versie. Importeer een nieuwe versie bij de nieuwste versie.',
    'This source has already been replaced by a newer version. Import a new version of the newest one.',
  ],
} as const;
