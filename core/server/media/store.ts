import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { MediaExt, SourceMediaRow } from '../../../db/tables.js';

/*
 * Recordings live beside the project, `study.casus-media/<sha256>.<ext>` next to `study.casus`,
 * never inside the SQLite file: a project stays small enough to copy and send, and the row in
 * `source_media` names its file by hash. Files are content-addressed, so attaching the same
 * recording twice keeps one file, and an undo of an attach or replace finds its file still there.
 */

export const MEDIA_FOLDER_SUFFIX = '.casus-media';

export function mediaFolder(projectPath: string): string {
  const full = resolve(projectPath);
  const stem = basename(full).replace(/\.casus$/i, '');
  return join(dirname(full), `${stem}${MEDIA_FOLDER_SUFFIX}`);
}

export const mediaFileName = (sha256: string, ext: MediaExt) => `${sha256}.${ext}`;

export const mediaPath = (folder: string, row: Pick<SourceMediaRow, 'sha256' | 'ext'>) =>
  join(folder, mediaFileName(row.sha256, row.ext));

export interface StoredMedia {
  sha256: string;
  size: number;
}

const tempName = (folder: string) =>
  join(folder, `.incoming-${randomBytes(6).toString('hex')}.part`);

/** Moves a fully written temp file to its hash's name, flushed first; an equal file stays. */
async function settle(folder: string, temp: string, ext: MediaExt, sha: string): Promise<void> {
  const target = join(folder, mediaFileName(sha, ext));
  const fh = await open(temp, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, target);
}

/** Writes bytes (an upload) into the folder under their hash: temp file, then rename. */
export async function storeMediaBytes(
  folder: string,
  bytes: Uint8Array,
  ext: MediaExt,
): Promise<StoredMedia> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await mkdir(folder, { recursive: true });
  const temp = tempName(folder);
  try {
    const fh = await open(temp, 'wx');
    try {
      await fh.writeFile(bytes);
    } finally {
      await fh.close();
    }
    await settle(folder, temp, ext, sha256);
  } finally {
    await rm(temp, { force: true });
  }
  return { sha256, size: bytes.byteLength };
}

/** Copies a file (the command line's path) into the folder, hashing it as it streams. */
export async function storeMediaFile(
  folder: string,
  path: string,
  ext: MediaExt,
): Promise<StoredMedia> {
  await mkdir(folder, { recursive: true });
  const temp = tempName(folder);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(path), tap, createWriteStream(temp, { flags: 'wx' }));
    const sha256 = hash.digest('hex');
    await settle(folder, temp, ext, sha256);
    return { sha256, size };
  } finally {
    await rm(temp, { force: true });
  }
}

export type MediaState = 'ok' | 'missing' | 'changed';

/** Hashes already checked, by file, size and modification time: a big file is read once. */
const verified = new Map<string, string>();

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Whether the recording a row names is there and is the one attached: missing (moved, deleted,
 * the project copied without its media folder) or changed (another file under its name).
 */
export async function checkMedia(
  folder: string,
  row: Pick<SourceMediaRow, 'sha256' | 'ext' | 'size'>,
): Promise<MediaState> {
  const path = mediaPath(folder, row);
  if (!existsSync(path)) return 'missing';
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 'missing';
  }
  if (!stat.isFile()) return 'missing';
  if (stat.size !== row.size) return 'changed';
  const key = `${path}\n${stat.size}\n${stat.mtimeMs}`;
  let sha = verified.get(key);
  if (sha === undefined) {
    try {
      sha = await hashFile(path);
    } catch {
      return 'missing';
    }
    verified.set(key, sha);
  }
  return sha === row.sha256 ? 'ok' : 'changed';
}
