import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CasusError } from '../../shared/errors.js';

/**
 * Files the browser sends before the call that uses them (browser mode only). A recording of an
 * hour's interview or a large REFI-QDA project does not fit in a JSON body as base64, so the page
 * streams the file to the server, which keeps it in a private temporary folder and answers with
 * an id; the call then names that id instead of a path. The page never learns or names a path.
 */

/** The largest file one upload may hold (a long video interview as WAV or MP4). */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
/** How long an unused upload is kept: it is made for the call that follows it. */
const KEEP_MS = 60 * 60 * 1000;
/** At most this many are kept at once; the oldest goes first. */
const MAX_KEPT = 64;
const PREFIX = 'casus-uploads-';
/** Folders of earlier runs that ended without clearing theirs are removed after a day. */
const STALE_MS = 24 * 60 * 60 * 1000;

export const UPLOAD_ID = /^[A-Za-z0-9_-]{22}$/;

export interface UploadedFile {
  path: string;
  fileName: string;
  size: number;
}

/** An upload over the limit; answered with 413, and nothing of it is kept. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${Math.round(limit / 1024 ** 3)} GB, the most Casus takes`);
    this.name = 'UploadTooLarge';
  }
}

interface Kept extends UploadedFile {
  usedAt: number;
}

export class UploadStore {
  private folder: Promise<string> | null = null;
  private readonly kept = new Map<string, Kept>();

  constructor(
    readonly limit = MAX_UPLOAD_BYTES,
    private readonly root = tmpdir(),
    private readonly clock: () => number = Date.now,
  ) {}

  private dir(): Promise<string> {
    this.folder ??= (async () => {
      await this.removeStale();
      return mkdtemp(join(this.root, PREFIX));
    })();
    return this.folder;
  }

  private async removeStale(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return;
    }
    const before = this.clock() - STALE_MS;
    for (const name of names.filter((n) => n.startsWith(PREFIX))) {
      const path = join(this.root, name);
      try {
        if ((await stat(path)).mtimeMs < before) await rm(path, { recursive: true, force: true });
      } catch {
        // Another process's folder, or gone already: not ours to insist on.
      }
    }
  }

  /**
   * Writes `body` to a new file and returns its id. Over the limit, or when the stream breaks
   * off (the page closed, the disk is full), the partial file is removed and the error thrown.
   */
  async receive(body: Readable, fileName: string): Promise<{ id: string; size: number }> {
    const folder = await this.dir();
    const id = randomBytes(16).toString('base64url');
    const path = join(folder, id);
    let size = 0;
    const limit = this.limit;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) throw new UploadTooLarge(limit);
            yield chunk;
          }
        },
        createWriteStream(path, { flags: 'wx', mode: 0o600 }),
      );
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
    this.expire();
    this.kept.set(id, { path, fileName, size, usedAt: this.clock() });
    while (this.kept.size > MAX_KEPT) await this.discard(this.kept.keys().next().value as string);
    return { id, size };
  }

  /** The file of an upload; a clear refusal when the id is unknown or expired. */
  get(id: string, fileName: string): UploadedFile {
    this.expire();
    const kept = this.kept.get(id);
    if (!kept)
      throw new CasusError(
        'invalid_input',
        `${fileName}: the uploaded file is no longer here (uploads are kept for an hour); choose the file again`,
      );
    kept.usedAt = this.clock();
    return { path: kept.path, fileName: kept.fileName, size: kept.size };
  }

  async discard(id: string): Promise<void> {
    const kept = this.kept.get(id);
    this.kept.delete(id);
    if (kept) await rm(kept.path, { force: true });
  }

  private expire(): void {
    const before = this.clock() - KEEP_MS;
    for (const [id, k] of this.kept) if (k.usedAt < before) void this.discard(id);
  }

  /** Removes every upload and the folder (the server closes). */
  async clear(): Promise<void> {
    this.kept.clear();
    const folder = this.folder;
    this.folder = null;
    if (folder) await rm(await folder, { recursive: true, force: true });
  }
}
