import { zipSync, type Zippable } from 'fflate';

export const USER = '11111111-1111-4111-8111-111111111111';
export const CODE_A = '22222222-2222-4222-8222-222222222222';
export const SRC = '33333333-3333-4333-8333-333333333333';

export interface Sel {
  start: number;
  end: number;
  code?: string;
  name?: string;
}

let counter = 0;
function g(): string {
  counter++;
  return `44444444-4444-4444-8444-${String(counter).padStart(12, '0')}`;
}

/** A minimal project.qde with one text source and the given selections. */
export function qde(opts: {
  plainTextPath?: string;
  plainTextContent?: string;
  selections?: Sel[];
  doctype?: string;
}): string {
  const sels = (opts.selections ?? [])
    .map(
      (s) =>
        `<PlainTextSelection guid="${g()}" ${s.name ? `name="${s.name}" ` : ''}startPosition="${s.start}" endPosition="${s.end}" creatingUser="${USER}">` +
        `<Coding guid="${g()}" creatingUser="${USER}"><CodeRef targetGUID="${s.code ?? CODE_A}"/></Coding>` +
        `</PlainTextSelection>`,
    )
    .join('');
  const content =
    opts.plainTextContent !== undefined
      ? `<PlainTextContent>${opts.plainTextContent}</PlainTextContent>`
      : '';
  const path = opts.plainTextPath !== undefined ? ` plainTextPath="${opts.plainTextPath}"` : '';
  return (
    `<?xml version="1.0" encoding="utf-8"?>${opts.doctype ?? ''}` +
    `<Project xmlns="urn:QDA-XML:project:1.0" name="Test" origin="test">` +
    `<Users><User guid="${USER}" name="Tester"/></Users>` +
    `<CodeBook><Codes><Code guid="${CODE_A}" name="A" isCodable="true" color="#ff0000"/></Codes></CodeBook>` +
    `<Sources><TextSource guid="${SRC}" name="Doc"${path}>${content}${sels}</TextSource></Sources>` +
    `</Project>`
  );
}

export function zip(files: Record<string, string | Uint8Array | [Uint8Array, object]>): Uint8Array {
  const z: Zippable = {};
  for (const [name, v] of Object.entries(files)) {
    if (Array.isArray(v)) z[name] = v as Zippable[string];
    else z[name] = typeof v === 'string' ? new TextEncoder().encode(v) : v;
  }
  return zipSync(z);
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
