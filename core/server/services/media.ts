import { open } from 'node:fs/promises';
import type { Reader } from '../../../db/access.js';
import { deleteMedia, mediaOf, putMedia } from '../../../db/repo/media.js';
import { sourceRow } from '../../../db/repo/sources.js';
import { isTranscript } from '../../../db/repo/transcripts.js';
import type { SourceMediaRow } from '../../../db/tables.js';
import type { MediaInfo, mediaContract } from '../../shared/contract/media.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import { now } from '../domain/ids.js';
import { fileSourceOf, type FileInputValue, type FileSource } from '../files/file-input.js';
import type { HandlersFor } from '../handlers.js';
import { looksLike, MEDIA_EXTS, MEDIA_TYPES, mediaExtOf } from '../media/kinds.js';
import {
  checkMedia,
  mediaFolder,
  mediaPath,
  storeMediaBytes,
  storeMediaFile,
} from '../media/store.js';
import { snapshotBefore } from '../snapshots/before.js';

/** The folder of the open project's recordings; null for a project that is no file. */
export function projectMediaFolder(ctx: Pick<ServiceContext, 'session'>): string | null {
  const path = ctx.session.path;
  return path && path !== ':memory:' ? mediaFolder(path) : null;
}

export async function mediaInfo(folder: string | null, row: SourceMediaRow): Promise<MediaInfo> {
  return {
    sourceId: row.source_id,
    kind: row.kind,
    mime: MEDIA_TYPES[row.ext].mime,
    fileName: row.original_name,
    sha256: row.sha256,
    size: row.size,
    attachedAt: row.attached_at,
    state: folder === null ? 'missing' : await checkMedia(folder, row),
  };
}

function requireSource(r: Reader, id: string) {
  const s = sourceRow(r, id);
  if (!s) throw new CasusError('not_found', `No source with id ${id}`);
  return s;
}

const baseName = (fileName: string) => fileName.replace(/^.*[\\/]/, '').normalize('NFC');

/** The first bytes of the recording, to see that it is one (see looksLike). */
async function headOf(file: FileSource): Promise<Uint8Array> {
  if (file.kind === 'bytes') return new Uint8Array(Buffer.from(file.base64.slice(0, 64), 'base64'));
  const fh = await open(file.path, 'r');
  try {
    const head = new Uint8Array(48);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Stores a recording beside the project and records it on a transcript (one action). */
export async function attachMedia(
  ctx: ServiceContext,
  sourceId: string,
  input: FileInputValue,
): Promise<MediaInfo> {
  const name = baseName(input.fileName);
  const source = requireSource(ctx.read(), sourceId);
  if (!isTranscript(ctx.read(), sourceId))
    throw new CasusError(
      'invalid_input',
      `"${source.title}" is no transcript: a recording goes with a transcript's speaker turns`,
    );
  const folder = projectMediaFolder(ctx);
  if (folder === null)
    throw new CasusError(
      'unsupported',
      `${name}: this project is not saved as a file, and a recording is kept beside the project file`,
    );
  const ext = mediaExtOf(name);
  if (ext === null)
    throw new CasusError(
      'invalid_input',
      `${name}: not a recording Casus keeps; use one of ${MEDIA_EXTS.join(', ')}`,
    );
  const file = await fileSourceOf(ctx, input);
  if (!looksLike(ext, await headOf(file)))
    throw new CasusError(
      'invalid_input',
      `${name}: the file is no ${ext} recording (its first bytes do not match); was it renamed or cut off?`,
    );
  const stored =
    file.kind === 'bytes'
      ? await storeMediaBytes(folder, new Uint8Array(Buffer.from(file.base64, 'base64')), ext)
      : await storeMediaFile(folder, file.path, ext);
  // The recording is beside the project now; its upload (if it was one) is not needed again.
  await (file.kind === 'file' ? file.done() : undefined);
  const row = ctx.action('media.attach', (w) => {
    requireSource(w, sourceId);
    return putMedia(w, {
      source_id: sourceId,
      kind: MEDIA_TYPES[ext].kind,
      ext,
      sha256: stored.sha256,
      size: stored.size,
      original_name: name.slice(0, 500),
      attached_by: ctx.coderId(),
      attached_at: now(),
    });
  });
  return mediaInfo(folder, row);
}

export const mediaHandlers: HandlersFor<typeof mediaContract> = {
  'media.attach': ({ sourceId, file }, ctx) => attachMedia(ctx, sourceId, file),

  'media.detach': ({ sourceId }, ctx) => {
    requireSource(ctx.read(), sourceId);
    if (!mediaOf(ctx.read(), sourceId)) return { detached: false };
    snapshotBefore(ctx, 'media.detach');
    return ctx.action('media.detach', (w) => {
      const row = mediaOf(w, sourceId);
      if (!row) return { detached: false };
      deleteMedia(w, row);
      return { detached: true };
    });
  },

  'media.locate': async ({ sourceId }, ctx) => {
    const r = ctx.read();
    requireSource(r, sourceId);
    const row = mediaOf(r, sourceId);
    const folder = projectMediaFolder(ctx);
    if (!row || folder === null || (await checkMedia(folder, row)) !== 'ok')
      return { path: null, mime: null };
    return { path: mediaPath(folder, row), mime: MEDIA_TYPES[row.ext].mime };
  },

  'media.status': async ({ sourceId }, ctx) => {
    const r = ctx.read();
    requireSource(r, sourceId);
    const row = mediaOf(r, sourceId);
    return { media: row ? await mediaInfo(projectMediaFolder(ctx), row) : null };
  },
};
