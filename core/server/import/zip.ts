import { looksLikeZip, SafeZip, SafeZipError, type SafeZipFault } from '../zip/safe-zip.js';
import { ParseFailure } from './errors.js';
import { formatSize, type ImportLimits } from './limits.js';

/**
 * Office containers (docx, odt) are read with the safe ZIP reader (core/server/zip/safe-zip.ts):
 * it refuses overlapping entries and unsafe archives, and inflates only the wanted entries, in
 * chunks, counting the bytes that actually come out. Its faults become the importer's reasons.
 */
export interface ZipEntries {
  /** Inflated entries selected by the caller's filter. */
  files: Map<string, Uint8Array>;
  /** Every entry name in the archive (also the unread ones). */
  names: string[];
}

/** More entries than any real document has; the import limits do not set this one. */
const MAX_ENTRIES = 20_000;

export function isZip(bytes: Uint8Array): boolean {
  return looksLikeZip(bytes);
}

export function readZip(
  bytes: Uint8Array,
  limits: ImportLimits,
  wanted: (name: string) => boolean,
): ZipEntries {
  try {
    const zip = SafeZip.open(bytes, {
      maxEntries: MAX_ENTRIES,
      maxEntryBytes: Math.min(limits.maxPartBytes, limits.maxExpandedBytes),
      maxTotalBytes: limits.maxExpandedBytes,
      maxRatio: limits.maxRatio,
      ratioFloorBytes: limits.ratioCheckAfterBytes,
    });
    return { files: zip.readAll(wanted), names: [...zip.names] };
  } catch (err) {
    if (err instanceof SafeZipError) throw importZipFailure(err.fault);
    throw err;
  }
}

/** The reader's fault as an import refusal, in the words the importer has always used. */
function importZipFailure(f: SafeZipFault): ParseFailure {
  const broken = (detail: string) => new ParseFailure('corrupt', `broken zip: ${detail}`);
  const bomb = (detail: string) => new ParseFailure('zip-bomb', detail);
  switch (f.kind) {
    case 'not-zip':
      return broken('not a zip archive');
    case 'no-directory':
      return broken('no end of central directory (truncated?)');
    case 'directory-outside':
      return broken('central directory outside the file (truncated?)');
    case 'directory-damaged':
      return broken('bad central entry');
    case 'zip64':
      return broken('zip64 archives are not supported');
    case 'too-many-entries':
      return new ParseFailure('too-large', `${f.count} zip entries; the limit is ${f.limit}`);
    case 'unsafe-name':
      return broken(`the entry name ${f.entry} ${f.why}`);
    case 'symlink':
      return broken(`${f.entry} is a symbolic link`);
    case 'encrypted':
      return new ParseFailure('corrupt', `the zip entry ${f.entry} is encrypted`);
    case 'no-local-header':
      return broken(`missing local header of ${f.entry}`);
    case 'entry-truncated':
      return broken(`${f.entry} is truncated`);
    case 'duplicate':
      return broken(`${f.entry} occurs twice`);
    case 'method':
      return new ParseFailure('corrupt', `unknown zip compression method ${f.method}`);
    case 'inflate-failed':
      return broken(`cannot inflate ${f.entry}`);
    case 'ends-early':
      return broken(`${f.entry} ends early`);
    case 'checksum':
      return broken(`${f.entry} is damaged (size or checksum mismatch)`);
    case 'overlap':
      return bomb('overlapping zip entries');
    // Sizes the central directory states honestly, over a limit: too large, not a bomb.
    case 'entry-too-large':
      // Found while inflating, it came out larger than the header said: a bomb's lie.
      if (f.declared === undefined) return bomb(`${f.entry} expands beyond its declared size`);
      return new ParseFailure(
        'too-large',
        `${f.entry} unpacks to ${formatSize(f.declared)}; the limit for one part is ${formatSize(f.limit)}`,
      );
    case 'total-too-large':
      return new ParseFailure(
        'too-large',
        `its parts unpack to more than ${formatSize(f.limit)}; the limit for all parts together is ${formatSize(f.limit)}`,
      );
    case 'size-lie':
      // Headers that understate the size are how a bomb slips past size checks.
      return bomb(`${f.entry} expands beyond its declared size`);
    case 'ratio':
      return bomb(`expansion ratio above ${f.limit}:1`);
  }
}
