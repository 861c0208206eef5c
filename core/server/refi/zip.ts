import {
  looksLikeZip,
  SafeZip,
  SafeZipError,
  type SafeZipEntry,
  type SafeZipFault,
  type SafeZipLimits,
} from '../zip/safe-zip.js';
import { RefiError, type RefiErrorCode } from './errors.js';

/**
 * Limits for reading an untrusted archive. Only entries we actually need (project.qde and plain
 * text files) are ever inflated, so large media files inside a .qdpx cost nothing.
 * `maxEntryBytes` and `maxTotalBytes` bound what is held in memory (the text files); project.qde
 * is inflated piece by piece into the parser and never held, so it has a limit of its own.
 */
export interface ZipLimits extends SafeZipLimits {
  /** Expanded size of project.qde (streamed); `maxEntryBytes` when absent. */
  maxProjectXmlBytes?: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  // Streamed, so memory does not grow with it; a ZIP without ZIP64 cannot state more than 4 GB.
  maxProjectXmlBytes: 3 * 1024 * 1024 * 1024,
  // Real text and XML compress 3-20x; deflate's maximum is ~1030x, which only bombs reach.
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export { looksLikeZip };

/** A .qdpx archive read through the safe ZIP reader, its problems reported as RefiErrors. */
export class QdpxZip {
  private constructor(
    private readonly zip: SafeZip,
    private readonly file: string,
    private readonly xmlLimit: number,
  ) {}

  get entries(): readonly SafeZipEntry[] {
    return this.zip.entries;
  }

  /**
   * Reads the central directory and refuses the whole archive when any entry is unsafe (path
   * traversal, absolute path, symlink) or when there are too many entries. Nothing is inflated yet.
   */
  static open(bytes: Uint8Array, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): QdpxZip {
    return new QdpxZip(
      asRefiError(() => SafeZip.open(bytes, limits), file),
      file,
      limits.maxProjectXmlBytes ?? limits.maxEntryBytes,
    );
  }

  /** Exact name first, then a case-insensitive match (`Sources/` vs `sources/`, GUID case). */
  find(name: string): SafeZipEntry | undefined {
    return this.zip.find(name);
  }

  /** Inflates one entry, enforcing the size, total and ratio limits while inflating. */
  read(entry: SafeZipEntry): Uint8Array {
    return asRefiError(() => this.zip.read(entry), this.file);
  }

  /** `read` with Node's zlib off this thread (SafeZip.readAsync): for the large project.qde. */
  readAsync(entry: SafeZipEntry): Promise<Uint8Array> {
    return asRefiErrorAsync(() => this.zip.readAsync(entry), this.file);
  }

  /**
   * Inflates the project's XML piece by piece into `take` (SafeZip.stream), within the limit for
   * project.qde; resolves once its size and checksum are confirmed.
   */
  streamXml(entry: SafeZipEntry, take: (piece: Uint8Array) => void | Promise<void>): Promise<void> {
    return asRefiErrorAsync(() => this.zip.stream(entry, this.xmlLimit, take), this.file);
  }
}

async function asRefiErrorAsync<T>(run: () => Promise<T>, file: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SafeZipError) throw refiZipError(e.fault, file);
    throw e;
  }
}

function asRefiError<T>(run: () => T, file: string): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SafeZipError) throw refiZipError(e.fault, file);
    throw e;
  }
}

/** The reader's fault in the words (and codes) the REFI-QDA import has always used. */
function refiZipError(f: SafeZipFault, file: string): RefiError {
  const err = (code: RefiErrorCode, reason: string) => new RefiError(code, file, reason);
  const label = 'entry' in f && f.entry !== undefined ? `entry "${f.entry}"` : 'the archive';
  switch (f.kind) {
    case 'not-zip':
      return err('not_zip', 'is not a ZIP archive (a .qdpx file is a ZIP file)');
    case 'no-directory':
      return err('zip_corrupt', 'the ZIP directory is missing or damaged');
    case 'directory-outside':
      return err('zip_corrupt', 'the ZIP directory points outside the file');
    case 'directory-damaged':
      return err('zip_corrupt', 'the ZIP directory is damaged');
    case 'zip64':
      return err('zip_unsupported', 'ZIP64 archives are not supported');
    case 'too-many-entries':
      return err('too_many_entries', `has ${f.count} entries, more than the ${f.limit} allowed`);
    case 'unsafe-name':
      return err('unsafe_path', `${label} ${f.why}; refused`);
    case 'symlink':
      return err('symlink', `${label} is a symbolic link; refused`);
    case 'encrypted':
      return err('zip_unsupported', `${label} is encrypted`);
    case 'no-local-header':
      return err('zip_corrupt', `${label} has no local header`);
    case 'entry-truncated':
    case 'ends-early':
      return err('zip_corrupt', `${label} is truncated`);
    case 'overlap':
      return err('zip_corrupt', `${label} overlaps another entry, as in a ZIP bomb; refused`);
    case 'duplicate':
      return err('zip_corrupt', `${label} occurs twice`);
    case 'method':
      return err(
        'zip_unsupported',
        `${label} uses compression method ${f.method}; only stored and deflate are supported`,
      );
    case 'entry-too-large':
      return err(
        'entry_too_large',
        f.declared !== undefined
          ? `${label} would expand to ${mb(f.declared)}, more than the ${mb(f.limit)} allowed`
          : `${label} expands beyond the ${mb(f.limit)} allowed`,
      );
    case 'total-too-large':
      return err(
        'archive_too_large',
        `the archive expands to more than the ${mb(f.limit)} allowed`,
      );
    case 'size-lie':
      return err('zip_corrupt', `${label} expands beyond its declared size; refused`);
    case 'ratio':
      return err(
        'compression_ratio',
        `${label} is compressed more than ${f.limit}:1, which only a ZIP bomb does; refused`,
      );
    case 'inflate-failed':
      return err('zip_corrupt', `${label} cannot be decompressed`);
    case 'checksum':
      return err('zip_corrupt', `${label} is damaged (size or checksum mismatch)`);
  }
}

function mb(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;
}
