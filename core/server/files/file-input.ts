import { stat } from 'node:fs/promises';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';

/** A file as an input names it (core/shared/contract/import.ts FileInput). */
export interface FileInputValue {
  fileName: string;
  dataBase64?: string | undefined;
  upload?: string | undefined;
  path?: string | undefined;
}

/**
 * Where an input's file is: bytes that came in the call, or a file on this computer (a path the
 * CLI named or the desktop granted, or the browser's upload). `done` lets an upload go once the
 * call has taken what it needs.
 */
export type FileSource =
  | { kind: 'bytes'; fileName: string; base64: string; size: number }
  | { kind: 'file'; fileName: string; path: string; size: number; done(): Promise<void> };

const nothing = () => Promise.resolve();

export async function fileSourceOf(
  ctx: Pick<ServiceContext, 'session'>,
  file: FileInputValue,
): Promise<FileSource> {
  if (file.dataBase64 !== undefined) {
    // base64 is 4/3 of the bytes; the size is known without decoding a huge payload.
    const b64 = file.dataBase64;
    let pad = 0;
    while (pad < 2 && b64.endsWith('='.repeat(pad + 1))) pad++;
    const size = Math.floor(((b64.length - pad) * 3) / 4);
    return { kind: 'bytes', fileName: file.fileName, base64: file.dataBase64, size };
  }
  if (file.upload !== undefined) {
    const id = file.upload;
    const up = ctx.session.uploads.get(id, file.fileName);
    return {
      kind: 'file',
      fileName: file.fileName,
      path: up.path,
      size: up.size,
      done: () => ctx.session.uploads.discard(id),
    };
  }
  const path = file.path ?? '';
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a file');
    return { kind: 'file', fileName: file.fileName, path, size: s.size, done: nothing };
  } catch {
    throw new CasusError('not_found', `${file.fileName}: no such file (${path})`);
  }
}
