/**
 * Reads a write-ahead log as a kill left it: how many frames (pages) of the current log follow its
 * last commit. Such frames belong to a transaction the kill interrupted (SQLite writes pages to the
 * log before the commit frame when its cache spills, and at commit); opening the project discards
 * them. The count shows that kills land inside transactions, not only between them.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

export function uncommittedFrames(walPath: string): number {
  if (!existsSync(walPath)) return 0;
  const size = statSync(walPath).size;
  if (size < 32) return 0;
  const fd = openSync(walPath, 'r');
  try {
    const header = Buffer.alloc(32);
    readSync(fd, header, 0, 32, 0);
    const magic = header.readUInt32BE(0);
    if (magic !== 0x377f0682 && magic !== 0x377f0683) return 0;
    const pageSize = header.readUInt32BE(8);
    const salt = [header.readUInt32BE(16), header.readUInt32BE(20)];
    const frame = Buffer.alloc(24);
    let afterCommit = 0;
    for (let at = 32; at < size; at += 24 + pageSize) {
      if (readSync(fd, frame, 0, 24, at) < 24) {
        afterCommit++; // a frame cut off in the middle of its header
        break;
      }
      // Frames of an earlier generation of the log (other salts) are not part of it.
      if (frame.readUInt32BE(8) !== salt[0] || frame.readUInt32BE(12) !== salt[1]) break;
      const commit = frame.readUInt32BE(4) !== 0;
      afterCommit = commit ? 0 : afterCommit + 1;
    }
    return afterCommit;
  } finally {
    closeSync(fd);
  }
}
