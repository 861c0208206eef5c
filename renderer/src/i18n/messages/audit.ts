/**
 * Messages of colleague review and the audit trail (issue 15): the activity log, comment threads,
 * review states, the inbox and time travel. [Dutch, English].
 */
export const auditMessages = {
  // The activity view.
  'audit.activity.nav': ['Activiteit', 'Activity'],
  'audit.activity.title': ['Activiteit in dit project', 'Activity in this project'],
  'audit.activity.intro': [
    'Elke wijziging, nieuwste eerst: wie, wanneer en wat. Open een regel om te zien waar het gebeurde.',
    'Every change, newest first: who, when and what. Open an entry to see where it happened.',
  ],
  'audit.activity.filters': ['Filters van de activiteit', 'Activity filters'],
  'audit.activity.coder': ['Codeur', 'Coder'],
  'audit.activity.anyCoder': ['Alle codeurs', 'All coders'],
  'audit.activity.kind': ['Soort wijziging', 'Kind of change'],
  'audit.activity.anyKind': ['Alle soorten', 'All kinds'],
  'audit.activity.case': ['Casus', 'Case'],
  'audit.activity.anyCase': ['Alle casussen', 'All cases'],
  'audit.activity.source': ['Bron', 'Source'],
  'audit.activity.anySource': ['Alle bronnen', 'All sources'],
  'audit.activity.code': ['Code', 'Code'],
  'audit.activity.anyCode': ['Alle codes', 'All codes'],
  'audit.activity.from': ['Vanaf', 'From'],
  'audit.activity.to': ['Tot en met', 'Up to'],
  'audit.activity.clear': ['Filters wissen', 'Clear filters'],
  'audit.activity.list': ['Wijzigingen', 'Changes'],
  'audit.activity.none': [
    'Geen wijzigingen die bij deze filters passen.',
    'No changes match these filters.',
  ],
  'audit.activity.shown': [
    { one: '{n} wijziging getoond', other: '{n} wijzigingen getoond' },
    { one: '{n} change shown', other: '{n} changes shown' },
  ],
  'audit.activity.more': ['Meer laden', 'Load more'],
  'audit.activity.end': [
    'Dit is het begin van de geschiedenis.',
    'This is where the history starts.',
  ],
  'audit.activity.someone': ['Iemand', 'Someone'],
  'audit.activity.open': ['Openen: {what}', 'Open: {what}'],
  'audit.activity.openShort': ['Openen', 'Open'],
  'audit.activity.export': ['Auditspoor exporteren', 'Export the audit trail'],
  'audit.activity.exportAs': ['Exporteren als {format}', 'Export as {format}'],
  'audit.activity.pseudonymise': [
    'Codeurs als pseudoniem (Codeur 1, 2…)',
    'Coders as pseudonyms (Coder 1, 2…)',
  ],
  'audit.activity.exported': ['Geëxporteerd: {file}', 'Exported: {file}'],
  'audit.kind.coding': ['Coderen', 'Coding'],
  'audit.kind.segments': ['Segmenten', 'Segments'],
  'audit.kind.codes': ['Codeboom', 'Code tree'],
  'audit.kind.memos': ['Memo’s', 'Memos'],
  'audit.kind.synthesis': ['Syntheses', 'Syntheses'],
  'audit.kind.import': ['Importeren en versies', 'Imports and versions'],
  'audit.kind.report': ['Rapporten en validatie', 'Reports and validation'],
  'audit.kind.comments': ['Commentaar en beoordeling', 'Comments and review'],
  'audit.kind.history': ['Ongedaan maken en opnieuw', 'Undo and redo'],

  // Comment threads.
  'audit.comments.title': ['Commentaar', 'Comments'],
  'audit.comments.none': ['Nog geen commentaar.', 'No comments yet.'],
  'audit.comments.new': ['Nieuw commentaar', 'New comment'],
  'audit.comments.add': ['Commentaar plaatsen', 'Post comment'],
  'audit.comments.reply': ['Antwoorden', 'Reply'],
  'audit.comments.replyLabel': ['Antwoord op deze draad', 'Reply to this thread'],
  'audit.comments.resolve': ['Afhandelen', 'Resolve'],
  'audit.comments.reopen': ['Heropenen', 'Reopen'],
  'audit.comments.resolved': ['Afgehandeld door {who} op {when}', 'Resolved by {who} on {when}'],
  'audit.comments.open': ['Open', 'Open'],
  'audit.comments.thread': ['Draad: {where}', 'Thread: {where}'],
  'audit.comments.mentionHint': [
    'Noem een codeur met @ en de naam, voornaam of initialen: {names}.',
    'Mention a coder with @ and their name, first name or initials: {names}.',
  ],
  'audit.comments.mentions': ['Genoemd: {names}', 'Mentioned: {names}'],
  'audit.comments.by': ['{who}, {when}', '{who}, {when}'],
  'audit.comments.jump': ['Ga naar: {where}', 'Go to: {where}'],
  'audit.comments.onCode': ['Commentaar op deze code', 'Comments on this code'],
  'audit.comments.onCell': ['Commentaar op deze cel', 'Comments on this cell'],
  'audit.comments.onSource': [
    'Commentaar op de bron “{title}”',
    'Comments on the source “{title}”',
  ],
  'audit.comments.onSection': [
    'Commentaar op de sectie “{title}”',
    'Comments on the section “{title}”',
  ],
  'audit.comments.sourceButton': ['Commentaar op deze bron', 'Comments on this source'],
  'audit.comments.sectionButton': [
    'Commentaar op de sectie “{title}”',
    'Comments on the section “{title}”',
  ],
  'audit.comments.button': [
    {
      zero: 'Commentaar',
      one: 'Commentaar (1 draad, {open} open)',
      other: 'Commentaar ({n} draden, {open} open)',
    },
    {
      zero: 'Comments',
      one: 'Comments (1 thread, {open} open)',
      other: 'Comments ({n} threads, {open} open)',
    },
  ],
  'audit.comments.buttonName': [
    {
      zero: '{what}: nog geen',
      one: '{what}: 1 draad, {open} open',
      other: '{what}: {n} draden, {open} open',
    },
    {
      zero: '{what}: none yet',
      one: '{what}: 1 thread, {open} open',
      other: '{what}: {n} threads, {open} open',
    },
  ],

  // Review states.
  'audit.review.title': ['Beoordeling', 'Review'],
  'audit.review.state': ['Beoordeling van deze codering', 'Review of this coding'],
  'audit.review.unreviewed': ['Niet beoordeeld', 'Not reviewed'],
  'audit.review.ok': ['In orde', 'OK'],
  'audit.review.questioned': ['Bevraagd', 'Questioned'],
  'audit.review.settled': ['Afgerond', 'Settled'],
  'audit.review.why': ['Wat is de vraag? (verplicht)', 'What is the question? (required)'],
  'audit.review.ask': ['Vraag stellen', 'Ask'],
  'audit.review.cancel': ['Annuleren', 'Cancel'],
  'audit.review.needComment': [
    'Zeg wat er bevraagd wordt: een toelichting is verplicht.',
    'Say what is questioned: a comment is required.',
  ],
  'audit.review.set': ['Beoordeling: {state}', 'Review: {state}'],
  'audit.review.questionedOnly': ['Alleen bevraagde coderingen', 'Questioned codings only'],
  'audit.review.questionedCount': [
    { one: '{n} bevraagde codering', other: '{n} bevraagde coderingen' },
    { one: '{n} questioned coding', other: '{n} questioned codings' },
  ],
  'audit.review.summary': [
    'Beoordelingen per codeur en per code',
    'Reviews per coder and per code',
  ],
  'audit.review.perCoder': ['Per codeur', 'Per coder'],
  'audit.review.perCode': ['Per code', 'Per code'],
  'audit.review.noneYet': ['Nog geen gecodeerde segmenten.', 'No coded segments yet.'],

  // The inbox.
  'audit.inbox.nav': ['Commentaar', 'Comments'],
  'audit.inbox.title': ['Commentaar en beoordeling', 'Comments and review'],
  'audit.inbox.for': ['Postvak van', 'Inbox of'],
  'audit.inbox.intro': [
    'Draden waarin {who} genoemd wordt of die over coderingen van {who} gaan; open draden eerst.',
    'Threads that mention {who} or are about codings by {who}; open threads first.',
  ],
  'audit.inbox.none': ['Niets in dit postvak.', 'Nothing in this inbox.'],
  'audit.inbox.all': ['Alle draden in het project', 'Every thread in the project'],
  'audit.inbox.openOnly': ['Alleen open draden', 'Open threads only'],
  'audit.inbox.count': [
    { one: '{n} draad, {open} open', other: '{n} draden, {open} open' },
    { one: '{n} thread, {open} open', other: '{n} threads, {open} open' },
  ],

  // Time travel.
  'audit.travel.button': ['Terug in de tijd…', 'Back in time…'],
  'audit.travel.title': ['Het project bekijken zoals het was', 'See the project as it was'],
  'audit.travel.intro': [
    'Casus bouwt het project na uit het wijzigingslog: matrices, syntheses, coderingen en de codeboom zoals ze toen waren. U kunt dan alleen kijken, niets wijzigen.',
    'Casus rebuilds the project from its change log: matrices, syntheses, codings and the code tree as they were then. You can only look, not change anything.',
  ],
  'audit.travel.byDate': ['Op een datum', 'On a date'],
  'audit.travel.byRound': ['Bij een validatieronde', 'At a validation round'],
  'audit.travel.date': ['Datum', 'Date'],
  'audit.travel.time': ['Tijd (leeg: einde van de dag)', 'Time (empty: end of the day)'],
  'audit.travel.case': ['Casus', 'Case'],
  'audit.travel.round': ['Ronde', 'Round'],
  'audit.travel.roundLabel': ['Ronde {n}, verstuurd {date}', 'Round {n}, sent {date}'],
  'audit.travel.noRounds': ['Deze casus heeft nog geen rondes.', 'This case has no rounds yet.'],
  'audit.travel.go': ['Toon het project van toen', 'Show the project as it was'],
  'audit.travel.needDate': ['Kies een datum.', 'Choose a date.'],
  'audit.travel.needRound': ['Kies een ronde.', 'Choose a round.'],
  'audit.travel.banner': [
    'U bekijkt het project zoals het was op {when}. Alleen lezen: niets kan hier gewijzigd worden.',
    'You are looking at the project as it was on {when}. Read only: nothing can be changed here.',
  ],
  'audit.travel.back': ['Terug naar nu', 'Back to now'],
  'audit.travel.refused': [
    'U bekijkt het project zoals het was op {when}: daar kan niets gewijzigd worden. Ga eerst terug naar nu.',
    'You are looking at the project as it was on {when}: nothing can be changed there. Return to the present first.',
  ],
  'audit.travel.noSearch': [
    'Zoeken kijkt naar het project zoals het nu is, niet zoals het was op {when}. Ga terug naar nu om te zoeken.',
    'Search looks at the project as it is now, not as it was on {when}. Return to the present to search.',
  ],
  'audit.travel.readOnly': [
    'Alleen lezen: u bekijkt het project zoals het was op {when}.',
    'Read only: you are looking at the project as it was on {when}.',
  ],

  // Matrix then and now.
  'audit.compare.title': ['Vergelijken met vroeger', 'Compare with earlier'],
  'audit.compare.date': ['Vergelijk met datum', 'Compare with date'],
  'audit.compare.go': ['Vergelijken', 'Compare'],
  'audit.compare.stop': ['Vergelijking sluiten', 'Close comparison'],
  'audit.compare.summary': [
    {
      zero: 'Geen cel veranderd sinds {when}.',
      one: '{n} cel veranderd sinds {when} (gemarkeerd).',
      other: '{n} cellen veranderd sinds {when} (gemarkeerd).',
    },
    {
      zero: 'No cell changed since {when}.',
      one: '{n} cell changed since {when} (highlighted).',
      other: '{n} cells changed since {when} (highlighted).',
    },
  ],
  'audit.compare.was': ['was {value}', 'was {value}'],

  // Undo and redo of these actions, in words.
  'history.what.comments.add': ['commentaar', 'comment'],
  'history.what.comments.resolve': ['afhandelen van een draad', 'resolving a thread'],
  'history.what.comments.reopen': ['heropenen van een draad', 'reopening a thread'],
  'history.what.segments.review': ['beoordeling van een codering', 'review of a coding'],
} as const;
