import { Document, Packer, Paragraph, TextRun } from 'docx';

/**
 * A transcript as Teams writes it to .docx: the meeting's title and date, then per utterance a
 * paragraph "Name   0:03" and the words in the next paragraph (or after a line break).
 */
export async function makeTeamsDocx(): Promise<Uint8Array> {
  const entry = (name: string, time: string, words: string, inline = false) =>
    inline
      ? [
          new Paragraph({
            children: [new TextRun(`${name}   ${time}`), new TextRun({ text: words, break: 1 })],
          }),
        ]
      : [new Paragraph(`${name}   ${time}`), new Paragraph(words)];
  const doc = new Document({
    creator: 'Casus tests',
    sections: [
      {
        children: [
          new Paragraph('Interview Regio Deal Twente'),
          new Paragraph('3 april 2024, 14:00'),
          ...entry('Sanne de Vries', '0:02', 'Welkom, hoe gaat het? 👋'),
          ...entry('Jürgen Müller-Öztürk', '0:07', 'Goed! De coöperatie is net opgericht.'),
          ...entry('Jürgen Müller-Öztürk', '0:15', 'We hebben één programmabureau.', true),
          ...entry('Sanne de Vries', '1:02:03', 'Wat was de rol van de provincie?'),
          ...entry('Jürgen Müller-Öztürk', '1:02:09', 'Financiering — en regie ✅.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
