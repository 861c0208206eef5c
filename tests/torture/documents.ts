/**
 * Documents for the torture run, written on the fly: txt, md and docx with Dutch text that has
 * diacritics, curly quotes and characters outside the Basic Multilingual Plane (two UTF-16 code
 * units each), so offsets are exercised as researchers' files exercise them. Every document
 * carries a unique first line, so no import is skipped as a duplicate.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Random } from './random.js';

const WORDS = [
  'regio',
  'deal',
  'brede',
  'welvaart',
  'coöperatie',
  'één',
  'financiële',
  'impuls',
  'wethouder',
  'provincie',
  'Rijk',
  'samenwerking',
  'opgave',
  'aanpak',
  'integrale',
  'bredewelvaartsopgave',
  'huisarts',
  'gemeente',
  'programma',
  'uitvoering',
  'beleid',
  '“afspraken”',
  '‘partners’',
  'café',
  'reünie',
  'naïef',
  'Zuid-Oost',
  'middelen',
  'vertrouwen',
  'evaluatie',
  '–',
];
/** Outside the BMP: each is a surrogate pair in UTF-16. */
const ASTRAL = ['🌍', '🚜', '𝔘', '😀', '🏘️'];

function sentence(rng: Random): string {
  const n = rng.int(4, 16);
  const words = Array.from({ length: n }, () =>
    rng.chance(0.04) ? rng.pick(ASTRAL) : rng.pick(WORDS),
  );
  const s = words.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function paragraph(rng: Random): string {
  return Array.from({ length: rng.int(1, 5) }, () => sentence(rng)).join(' ');
}

export type Format = 'txt' | 'md' | 'docx';

/** Paragraphs of a new document; `large` makes a few hundred kilobytes (a long transaction). */
export function paragraphs(rng: Random, large: boolean): string[] {
  const n = large ? rng.int(1500, 3000) : rng.int(3, 40);
  return Array.from({ length: n }, () => paragraph(rng));
}

async function bytesOf(format: Format, title: string, paras: string[]): Promise<Uint8Array> {
  if (format === 'txt') return new TextEncoder().encode([title, ...paras].join('\n\n'));
  if (format === 'md') {
    const lines = [`# ${title}`];
    paras.forEach((p, i) =>
      lines.push(i % 7 === 3 ? `## ${p.slice(0, 40)}` : i % 5 === 4 ? `- ${p}` : p),
    );
    return new TextEncoder().encode(lines.join('\n\n'));
  }
  const doc = new Document({
    creator: 'Casus torture test',
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
          ...paras.map((p, i) =>
            i % 6 === 2
              ? new Paragraph({ children: [new TextRun({ text: p, bold: true })] })
              : new Paragraph(p),
          ),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** Writes a new document into `dir` and returns its path. */
export async function writeDocument(
  dir: string,
  rng: Random,
  name: string,
  opts: { format: Format; large: boolean },
): Promise<string> {
  // A large document is text or Markdown: what makes its import long is the transaction (rows and
  // both search indexes), which is the same for every format, while a large .docx only adds
  // seconds of generating and parsing outside it.
  const format = opts.large && opts.format === 'docx' ? 'md' : opts.format;
  const path = join(dir, `${name}.${format}`);
  writeFileSync(path, await bytesOf(format, `Verslag ${name}`, paragraphs(rng, opts.large)));
  return path;
}

/**
 * A changed version of a source's text as a .txt file: a paragraph added at the top (so every
 * segment moves), one added in the middle, sometimes one left out (so a segment may be left on
 * the previous version).
 */
export function writeVersion(dir: string, rng: Random, name: string, text: string): string {
  const paras = text.split(/\n+/).filter((p) => p.trim() !== '');
  paras.splice(rng.int(0, paras.length), 0, paragraph(rng));
  if (paras.length > 3 && rng.chance(0.3)) paras.splice(rng.int(1, paras.length - 1), 1);
  const path = join(dir, `${name}.txt`);
  writeFileSync(path, [`Versie ${name}`, ...paras].join('\n\n'));
  return path;
}

/** A valid segment range of `text` (UTF-16 offsets), or null when none was found quickly. */
export function randomRange(
  rng: Random,
  text: string,
  valid: (start: number, end: number) => boolean,
): { start: number; end: number } | null {
  if (text.length < 2) return null;
  for (let i = 0; i < 20; i++) {
    const start = rng.int(0, text.length - 2);
    const end = Math.min(text.length, start + rng.int(1, 400));
    if (valid(start, end)) return { start, end };
  }
  return null;
}
