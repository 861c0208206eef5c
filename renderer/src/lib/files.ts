import type { FileInput as FileInputSchema } from '../../../core/shared/contract/import.js';
import type { z } from 'zod';
import { upload } from './api.js';

/**
 * Exported files come back as base64 in the JSON. A file the user chooses to import goes by the
 * way that suits the host (fileForCall): an upload of its bytes in browser mode, its granted path
 * in the desktop app.
 */

export function base64ToBytes(data: string): Uint8Array<ArrayBuffer> {
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  // In chunks: spreading a large array into one call overflows the argument limit.
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(bin);
}

/** Offers bytes (base64 from the API) as a file download. */
export function downloadBase64(data: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(data)], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a chosen file as base64 for the API. */
export async function fileToBase64(file: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

export type FileForCall = z.input<typeof FileInputSchema>;

/**
 * A file the user chose, as a call takes it. Browser mode sends the bytes ahead as an upload (no
 * base64 in a JSON body, so a long recording or a large project fits); the desktop app names the
 * path Electron gives for the chosen File (granted by its main process), and falls back to bytes
 * when it has none.
 */
export async function fileForCall(file: File): Promise<FileForCall> {
  const bridge = window.casus;
  if (bridge) {
    const path = (await bridge.fileToRead?.(file)) ?? null;
    return path
      ? { fileName: file.name, path }
      : { fileName: file.name, dataBase64: await fileToBase64(file) };
  }
  const sent = await upload(file, file.name);
  return { fileName: file.name, upload: sent.upload };
}

/** The same file as the calls that name it the older way take it (merge, REFI-QDA). */
export interface OtherFile {
  fileName: string;
  data?: string;
  upload?: string;
  filePath?: string;
}

export function asOtherFile(f: FileForCall): OtherFile {
  if (f.path !== undefined) return { fileName: f.fileName, filePath: f.path };
  if (f.upload !== undefined) return { fileName: f.fileName, upload: f.upload };
  return { fileName: f.fileName, data: f.dataBase64 ?? '' };
}
