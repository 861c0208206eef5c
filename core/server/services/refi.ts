import { checkOutputTarget, writeOutputFile } from '../files/output-file.js';
import { basename, resolve } from 'node:path';
import type { refiContract } from '../../shared/contract/refi.js';
import { newProjectPath } from '../files/projects-folder.js';
import type { ServiceContext } from '../context.js';
import type { HandlersFor } from '../handlers.js';
import { checkExport, exportName } from '../confidentiality/leak-check.js';
import { lensFor } from '../confidentiality/lens.js';
import { refiForAudience } from '../confidentiality/refi.js';
import { snapshotBefore } from '../snapshots/before.js';
import { projectMediaFolder } from './media.js';
import { readBytes } from '../refi/read.js';
import {
  currentProgress,
  endProgress,
  reportProgress,
  stopRunning,
  whileRunning,
} from '../refi/progress.js';
import {
  asCasusError,
  exportProject,
  importCodebook,
  importProjectFile,
} from '../refi/project-io.js';

async function fileBytes(
  ctx: Pick<ServiceContext, 'session'>,
  input: {
    filePath?: string | undefined;
    data?: string | undefined;
    upload?: string | undefined;
    fileName?: string | undefined;
  },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const fileName = basename(input.fileName ?? input.filePath ?? 'upload');
  if (input.data !== undefined)
    return { bytes: new Uint8Array(Buffer.from(input.data, 'base64')), fileName };
  const path =
    input.upload !== undefined
      ? ctx.session.uploads.get(input.upload, fileName).path
      : resolve(input.filePath ?? '');
  try {
    return {
      bytes: await readBytes(path),
      fileName: input.upload !== undefined ? fileName : basename(path),
    };
  } catch (e) {
    return asCasusError(e);
  }
}

export const refiHandlers: HandlersFor<typeof refiContract> = {
  'refi.export': async ({ format, outPath, overwrite, selectionPerCode, audience }, ctx) => {
    if (outPath !== undefined)
      checkOutputTarget(outPath, { force: overwrite, openProject: ctx.session.path });
    // The audience is applied to the project on its way out, and the file leak-checked.
    const lens = lensFor(ctx.read(), audience);
    const sessionId = ctx.session.id;
    let exported;
    try {
      exported = await exportProject(
        ctx.read(),
        format,
        // Recordings go only into the team's own copy: a voice identifies a respondent.
        { selectionPerCode, mediaFolder: lens ? null : projectMediaFolder(ctx) },
        (x) => (lens ? refiForAudience(x, lens) : x),
        (p) => reportProgress(sessionId, { operation: 'export', ...p }),
      );
    } finally {
      endProgress(sessionId);
    }
    const fileName = exportName(exported.fileName, lens);
    const { bytes } = exported;
    const check = checkExport(bytes, fileName, lens);
    if (outPath === undefined) {
      return {
        fileName,
        path: null,
        data: Buffer.from(bytes).toString('base64'),
        size: bytes.length,
        check,
      };
    }
    const path = await writeOutputFile(outPath, bytes, {
      force: overwrite,
      openProject: ctx.session.path,
    });
    return { fileName: basename(path), path, data: null, size: bytes.length, check };
  },
  'refi.importProject': async (input, ctx) => {
    const file = await fileBytes(ctx, input);
    // In the projects folder the new file is named after the project (default: the file's name).
    const target =
      input.outPath ??
      newProjectPath(input.folder ?? '', input.name ?? file.fileName.replace(/\.(qdpx|qde)$/i, ''));
    const sessionId = ctx.session.id;
    const stopper = new AbortController();
    const unregister = whileRunning(sessionId, () => stopper.abort());
    let result;
    try {
      result = await importProjectFile(file, target, {
        sessionId,
        progress: (p) => reportProgress(sessionId, { operation: 'import', ...p }),
        signal: stopper.signal,
      });
    } finally {
      unregister();
      endProgress(sessionId);
    }
    if (input.open) {
      ctx.session.open(result.path);
      ctx.changedAll();
    }
    return result;
  },
  'refi.progress': (_input, ctx) => currentProgress(ctx.session.id),
  'refi.cancel': (_input, ctx) => ({ stopped: stopRunning(ctx.session.id) }),
  'refi.importCodebook': async (input, ctx) => {
    const file = await fileBytes(ctx, input);
    // The snapshot is taken only when the codebook is applied, right before its transaction.
    return importCodebook(
      ctx.read(),
      (name, fn) => {
        snapshotBefore(ctx, 'refi.importCodebook');
        return ctx.action(name, fn);
      },
      file,
      input.onConflict,
    );
  },
};
