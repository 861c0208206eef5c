import type { MediaExt, MediaKind } from '../../../db/tables.js';

/** The recordings Casus keeps beside a transcript, by the file's extension. */
export const MEDIA_TYPES: Record<MediaExt, { kind: MediaKind; mime: string }> = {
  m4a: { kind: 'audio', mime: 'audio/mp4' },
  mp3: { kind: 'audio', mime: 'audio/mpeg' },
  wav: { kind: 'audio', mime: 'audio/wav' },
  mp4: { kind: 'video', mime: 'video/mp4' },
  webm: { kind: 'video', mime: 'video/webm' },
};

export const MEDIA_EXTS = Object.keys(MEDIA_TYPES) as MediaExt[];

export function mediaExtOf(fileName: string): MediaExt | null {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return (MEDIA_EXTS as string[]).includes(ext) ? (ext as MediaExt) : null;
}

const ascii = (b: Uint8Array, at: number, n: number) =>
  String.fromCharCode(...b.subarray(at, at + n));

/**
 * Whether the first bytes fit the extension's container: a renamed document or a truncated
 * download is refused with a message instead of being kept as a recording that never plays.
 */
export function looksLike(ext: MediaExt, head: Uint8Array): boolean {
  switch (ext) {
    case 'wav':
      return ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WAVE';
    case 'mp3':
      // An ID3 tag, or an MPEG audio frame's sync bits.
      return ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0);
    case 'm4a':
    case 'mp4':
      return ascii(head, 4, 4) === 'ftyp';
    case 'webm':
      return head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
  }
}
