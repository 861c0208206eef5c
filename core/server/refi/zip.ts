import { Inflate, zip, zipSync, type AsyncZippable, type Zippable } from 'fflate';
import { crc32 } from 'node:zlib';
import { RefiError } from './errors.js';

/**
 * Limits for reading an untrusted archive. Only entries we actually need (project.qde and plain
 * text files) are ever inflated, so large media files inside a .qdpx cost nothing.
 */
export interface ZipLimits {
  maxEntries: number;
  /** Expanded size of one inflated entry. */
  maxEntryBytes: number;
  /** Expanded size of all inflated entries together. */
  maxTotalBytes: number;
  /** Expanded/compressed ratio allowed once an entry is larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  // Real text and XML compress 3-20x; deflate's maximum is ~1030x, which only bombs reach.
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntryInfo {
  /** Normalised name: forward slashes, as stored otherwise. */
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  dataStart: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** Slice size fed to the inflater, so a bomb is stopped after at most ~1000x this. */
const INFLATE_SLICE = 16 * 1024;

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && readU32(bytes, 0) === SIG_LOCAL;
}

function readU16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function readU32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Why a name is unsafe to use as a path, or null when it is fine. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((seg) => seg === '..')) return 'climbs out of the archive (../)';
  return null;
}

export class SafeZip {
  private inflatedTotal = 0;
  private readonly byLower = new Map<string, ZipEntryInfo[]>();

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
    private readonly limits: ZipLimits,
    readonly entries: readonly ZipEntryInfo[],
  ) {
    for (const e of entries) {
      const key = e.name.toLowerCase();
      const list = this.byLower.get(key) ?? [];
      list.push(e);
      this.byLower.set(key, list);
    }
  }

  /**
   * Reads the central directory and refuses the whole archive when any entry is unsafe (path
   * traversal, absolute path, symlink) or when there are too many entries. Nothing is inflated yet.
   */
  static open(bytes: Uint8Array, file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): SafeZip {
    if (!looksLikeZip(bytes)) {
      throw new RefiError('not_zip', file, 'is not a ZIP archive (a .qdpx file is a ZIP file)');
    }
    const eocd = findEocd(bytes);
    if (eocd < 0)
      throw new RefiError('zip_corrupt', file, 'the ZIP directory is missing or damaged');
    if (eocd >= 20 && readU32(bytes, eocd - 20) === SIG_ZIP64_LOCATOR) {
      throw new RefiError('zip_unsupported', file, 'ZIP64 archives are not supported');
    }
    const total = readU16(bytes, eocd + 10);
    const cdSize = readU32(bytes, eocd + 12);
    const cdOffset = readU32(bytes, eocd + 16);
    if (total > limits.maxEntries) {
      throw new RefiError(
        'too_many_entries',
        file,
        `has ${total} entries, more than the ${limits.maxEntries} allowed`,
      );
    }
    if (cdOffset + cdSize > bytes.length) {
      throw new RefiError('zip_corrupt', file, 'the ZIP directory points outside the file');
    }
    const entries: ZipEntryInfo[] = [];
    const seen = new Set<string>();
    let p = cdOffset;
    for (let i = 0; i < total; i++) {
      if (p + 46 > bytes.length || readU32(bytes, p) !== SIG_CENTRAL) {
        throw new RefiError('zip_corrupt', file, 'the ZIP directory is damaged');
      }
      const madeBy = readU16(bytes, p + 4);
      const flags = readU16(bytes, p + 8);
      const method = readU16(bytes, p + 10);
      const crc = readU32(bytes, p + 16);
      const compressedSize = readU32(bytes, p + 20);
      const size = readU32(bytes, p + 24);
      const nameLen = readU16(bytes, p + 28);
      const extraLen = readU16(bytes, p + 30);
      const commentLen = readU16(bytes, p + 32);
      const external = readU32(bytes, p + 38);
      const localOffset = readU32(bytes, p + 42);
      if (p + 46 + nameLen > bytes.length) {
        throw new RefiError('zip_corrupt', file, 'the ZIP directory is damaged');
      }
      const rawName = new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
      // Windows tools sometimes store backslashes; treat them as separators for the checks.
      const name = rawName.replace(/\\/g, '/');
      const unsafe = unsafeEntryName(name);
      if (unsafe) {
        throw new RefiError('unsafe_path', file, `entry "${rawName}" ${unsafe}; refused`);
      }
      const host = madeBy >>> 8;
      const mode = (external >>> 16) & S_IFMT;
      // Unix (3) and macOS (19) keep st_mode in the high 16 bits; a symlink could point anywhere.
      if ((host === 3 || host === 19) && mode === S_IFLNK) {
        throw new RefiError('symlink', file, `entry "${rawName}" is a symbolic link; refused`);
      }
      if (name.endsWith('/')) continue;
      if (seen.has(name)) {
        throw new RefiError('zip_corrupt', file, `entry "${rawName}" occurs twice`);
      }
      seen.add(name);
      if (flags & 1) {
        throw new RefiError('zip_unsupported', file, `entry "${rawName}" is encrypted`);
      }
      if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
        throw new RefiError('zip_unsupported', file, 'ZIP64 archives are not supported');
      }
      if (localOffset + 30 > bytes.length || readU32(bytes, localOffset) !== SIG_LOCAL) {
        throw new RefiError('zip_corrupt', file, `entry "${rawName}" has no local header`);
      }
      const dataStart =
        localOffset + 30 + readU16(bytes, localOffset + 26) + readU16(bytes, localOffset + 28);
      if (dataStart + compressedSize > bytes.length) {
        throw new RefiError('zip_corrupt', file, `entry "${rawName}" is truncated`);
      }
      entries.push({ name, method, compressedSize, size, crc, dataStart });
    }
    return new SafeZip(bytes, file, limits, entries);
  }

  /** Exact name first, then a case-insensitive match (`Sources/` vs `sources/`, GUID case). */
  find(name: string): ZipEntryInfo | undefined {
    const exact = this.entries.find((e) => e.name === name);
    if (exact) return exact;
    const list = this.byLower.get(name.toLowerCase());
    return list && list.length === 1 ? list[0] : undefined;
  }

  /** Inflates one entry, enforcing the size, total and ratio limits while inflating. */
  read(entry: ZipEntryInfo): Uint8Array {
    const { limits, file } = this;
    const label = `entry "${entry.name}"`;
    const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - this.inflatedTotal);
    if (entry.size > limits.maxEntryBytes) {
      throw new RefiError(
        'entry_too_large',
        file,
        `${label} would expand to ${mb(entry.size)}, more than the ${mb(limits.maxEntryBytes)} allowed`,
      );
    }
    if (entry.size > cap) {
      throw new RefiError(
        'archive_too_large',
        file,
        `the archive expands to more than the ${mb(limits.maxTotalBytes)} allowed`,
      );
    }
    checkRatio(entry.size, entry.compressedSize, limits, file, label);
    const raw = this.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let out: Uint8Array;
    if (entry.method === 0) {
      out = raw;
    } else if (entry.method === 8) {
      out = inflateCapped(raw, cap, entry, limits, file, label);
    } else {
      throw new RefiError(
        'zip_unsupported',
        file,
        `${label} uses compression method ${entry.method}; only stored and deflate are supported`,
      );
    }
    if (out.length !== entry.size || crc32(out) >>> 0 !== entry.crc) {
      throw new RefiError('zip_corrupt', file, `${label} is damaged (size or checksum mismatch)`);
    }
    this.inflatedTotal += out.length;
    return out;
  }
}

function mb(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;
}

function checkRatio(
  size: number,
  compressed: number,
  limits: ZipLimits,
  file: string,
  label: string,
): void {
  if (size > limits.ratioFloorBytes && size > Math.max(compressed, 1) * limits.maxRatio) {
    throw new RefiError(
      'compression_ratio',
      file,
      `${label} is compressed more than ${limits.maxRatio}:1, which only a ZIP bomb does; refused`,
    );
  }
}

function inflateCapped(
  raw: Uint8Array,
  cap: number,
  entry: ZipEntryInfo,
  limits: ZipLimits,
  file: string,
  label: string,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    produced += chunk.length;
    // The header sizes may lie; these checks use what actually came out.
    if (produced > cap || produced > entry.size) {
      throw new RefiError(
        produced > limits.maxEntryBytes ? 'entry_too_large' : 'zip_corrupt',
        file,
        produced > limits.maxEntryBytes
          ? `${label} expands beyond the ${mb(limits.maxEntryBytes)} allowed`
          : `${label} expands beyond its declared size; refused`,
      );
    }
    checkRatio(produced, entry.compressedSize, limits, file, label);
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let o = 0; o < raw.length; o += INFLATE_SLICE) {
      const end = Math.min(raw.length, o + INFLATE_SLICE);
      inflater.push(raw.subarray(o, end), end === raw.length);
    }
    if (raw.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof RefiError) throw e;
    throw new RefiError('zip_corrupt', file, `${label} cannot be decompressed`);
  }
  if (!done && produced !== entry.size) {
    throw new RefiError('zip_corrupt', file, `${label} is truncated`);
  }
  const out = new Uint8Array(produced);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function findEocd(b: Uint8Array): number {
  const min = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= min; i--) {
    if (readU32(b, i) === SIG_EOCD) return i;
  }
  return -1;
}

/** Writes a ZIP with deflated entries; mtime fixed so identical projects give identical bytes. */
export function writeZip(files: Record<string, Uint8Array>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    zippable[name] = [data, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }];
  }
  return zipSync(zippable);
}

/** As writeZip, but compresses in fflate's worker threads so the caller's thread stays free. */
export function writeZipAsync(files: Record<string, Uint8Array>): Promise<Uint8Array> {
  const zippable: AsyncZippable = {};
  for (const [name, data] of Object.entries(files)) {
    zippable[name] = [data, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }];
  }
  return new Promise((resolve, reject) => {
    zip(zippable, (err, out) => (err ? reject(err) : resolve(out)));
  });
}
