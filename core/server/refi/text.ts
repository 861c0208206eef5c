/** Decoded text of a source file plus what we had to do to read it. */
export interface DecodedText {
  /** Without byte-order mark; line endings and normalisation untouched (positions count on this). */
  raw: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  hadBom: boolean;
}

/**
 * REFI-QDA says UTF-8; real files add a BOM, and a few are UTF-16 (with BOM) or legacy Windows
 * text. The BOM never counts for positions (NVivo excludes it), so it is dropped here.
 */
export function decodeSourceBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      raw: utf8(bytes.subarray(3)) ?? latin(bytes.subarray(3)),
      encoding: 'utf-8',
      hadBom: true,
    };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      raw: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      hadBom: true,
    };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      raw: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      hadBom: true,
    };
  }
  const u = utf8(bytes);
  if (u !== null) return { raw: u, encoding: 'utf-8', hadBom: false };
  return { raw: latin(bytes), encoding: 'windows-1252', hadBom: false };
}

function utf8(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: true keeps a second BOM (if any) as text instead of silently eating it.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function latin(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes);
}
