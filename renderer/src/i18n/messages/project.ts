/** Messages of project life: opening, the projects folder, a new project, the first-start guide. */
export const projectMessages = {
  'project.newButton': ['Nieuw project…', 'New project…'],
  'project.openOther': ['Ander bestand openen…', 'Open another file…'],
  'project.folder': ['Projectenmap', 'Projects folder'],
  'project.dropHint': [
    'Of sleep een .casus-bestand in dit venster.',
    'Or drop a .casus file onto this window.',
  ],
  'project.dropBrowser': [
    '{name}: in de browser opent Casus projecten uit de projectenmap of de recente lijst. Zet het bestand in de projectenmap en open het daar.',
    '{name}: in the browser Casus opens projects from the projects folder or the recent list. Put the file in the projects folder and open it there.',
  ],
  'project.dropRefused': [
    '{name} kan niet worden geopend: het is geen bestaand .casus-bestand.',
    '{name} cannot be opened: it is no existing .casus file.',
  ],
  'project.folder.missing': [
    'De projectenmap {root} bestaat nog niet; Casus maakt hem bij het eerste nieuwe project.',
    'The projects folder {root} does not exist yet; Casus makes it with the first new project.',
  ],
  'project.folder.empty': ['Deze map is leeg.', 'This folder is empty.'],
  'project.folder.path': ['Map', 'Folder'],
  'project.folder.up': ['Een map omhoog', 'Up one folder'],
  'project.folder.enter': ['Map {name}', 'Folder {name}'],
  'project.folder.modified': ['gewijzigd {date}', 'changed {date}'],
  'project.dialog.title': ['Nieuw project', 'New project'],
  'project.dialog.name': ['Naam van het project', 'Project name'],
  'project.dialog.nameHint': [
    'Bijvoorbeeld “Regio Deal Zeeland 2024”. De naam staat in de titelbalk en de exports.',
    'For example “Regio Deal Zeeland 2024”. The name shows in the title bar and the exports.',
  ],
  'project.dialog.start': ['Beginnen met', 'Start from'],
  'project.dialog.demo': [
    'Met de demostudie: vier Regio Deals met verslagen, documenten en coderingen',
    'With the demo study: four Regio Deals with reports, documents and codings',
  ],
  'project.dialog.location': ['Locatie', 'Location'],
  'project.dialog.locationHint': [
    'Kies een map in de projectenmap; het project komt in de map die hier open staat.',
    'Choose a folder in the projects folder; the project goes in the folder open here.',
  ],
  'project.dialog.chooseLocation': ['Locatie kiezen…', 'Choose location…'],
  'project.dialog.noLocation': [
    'Nog geen locatie gekozen: Aanmaken vraagt erom.',
    'No location chosen yet: Create asks for one.',
  ],
  'project.dialog.file': ['Bestand', 'File'],
  'project.dialog.needName': ['Geef het project een naam.', 'Give the project a name.'],
  'project.dialog.creating': ['Aanmaken…', 'Creating…'],
  'guide.title': ['Aan de slag met Casus', 'Getting started with Casus'],
  'guide.demo': [
    'Dit is de demostudie: de vier Regio Deals uit het PBL-rapport (Achterhoek, Den Haag Zuidwest, Foodvalley, Zuid- en Oost-Drenthe), met interviewverslagen en documenten die het team uit de feiten van dat rapport schreef, al gecodeerd en met syntheses in de matrix. Probeer alles gerust uit: het is een kopie.',
    'This is the demo study: the four Regio Deals of the PBL report (Achterhoek, Den Haag Zuidwest, Foodvalley, Zuid- en Oost-Drenthe), with interview reports and documents the team wrote from the facts in that report, already coded and with syntheses in the matrix. Try anything: it is a copy.',
  ],
  'guide.project': [
    '{name}: {cases} casussen, {sources} bronnen, {segments} gecodeerde passages.',
    '{name}: {cases} cases, {sources} sources, {segments} coded passages.',
  ],
  'guide.steps': ['Zo werkt het', 'How it works'],
  'guide.open': [
    'Open een bron: klik in de zijbalk links op een verslag of document onder zijn casus.',
    'Open a source: in the sidebar on the left, click a report or document under its case.',
  ],
  'guide.import': [
    'Nog geen bronnen? Importeer verslagen en documenten met Importeren in de bovenbalk.',
    'No sources yet? Import reports and documents with Import in the top bar.',
  ],
  'guide.code': [
    'Codeer: selecteer een passage en druk op Ctrl+K (of Coderen); kies de codes en druk op Enter. Cijfers 1–9 passen favoriete codes direct toe.',
    'Code: select a passage and press Ctrl+K (or Code); choose the codes and press Enter. Digits 1–9 apply favourite codes at once.',
  ],
  'guide.matrix': [
    'Vergelijk: open Matrices in de bovenbalk; een cel toont de passages erachter, en daar schrijf je de synthese.',
    'Compare: open Matrices in the top bar; a cell shows the passages behind it, and there you write the synthesis.',
  ],
  'guide.memos': [
    'Memo’s bij bronnen, codes en passages vind je samen onder Memo’s.',
    'Memos on sources, codes and passages are gathered under Memos.',
  ],
  'guide.own': [
    'Een eigen studie beginnen: maak een nieuw project, met het Regio Deals-sjabloon of leeg.',
    'Start your own study: make a new project, from the Regio Deals template or blank.',
  ],
} as const;
