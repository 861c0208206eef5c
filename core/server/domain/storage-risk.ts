import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Whether a project file lies where SQLite's locking and durability cannot be trusted: a folder
 * that a sync service copies while it is written, or a network file system. Users of every QDA
 * tool lose projects this way (MAXQDA warns against it), so Casus says so when it opens one.
 */
export interface StorageRisk {
  kind: 'cloud' | 'network';
  /** The service or file system, e.g. "OneDrive" or "SMB". */
  name: string;
}

// Folder names the desktop clients create (matched per path segment, case-insensitively).
const CLOUD_FOLDERS: [RegExp, string][] = [
  [/^dropbox( \(.+\))?$/i, 'Dropbox'],
  [/^onedrive( - .+)?$/i, 'OneDrive'],
  [/^(google ?drive|my drive|mijn drive|googledrive)$/i, 'Google Drive'],
  [/^(icloud ?drive|mobile documents|com~apple~clouddocs)$/i, 'iCloud Drive'],
  [/^surfdrive$/i, 'SURFdrive'],
  [/^nextcloud$/i, 'Nextcloud'],
  [/^owncloud$/i, 'ownCloud'],
  [/^box( sync)?$/i, 'Box'],
  [/^pcloud ?drive$/i, 'pCloud'],
  [/^cloudstorage$/i, 'a cloud storage provider'],
];

// statfs(2) magic numbers of network file systems (Linux).
const NETWORK_FS: Record<number, string> = {
  0x6969: 'NFS',
  0x517b: 'SMB',
  0xff534d42: 'CIFS',
  0xfe534d42: 'SMB2',
  0x564c: 'NCP',
  0x65735546: 'FUSE', // sshfs, rclone and friends
};

export function storageRisk(
  path: string,
  fsType: (dir: string) => number | null = statfsType,
): StorageRisk | null {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(path)) return { kind: 'network', name: 'UNC' };
  for (const segment of path.split(/[\\/]+/)) {
    for (const [pattern, name] of CLOUD_FOLDERS)
      if (pattern.test(segment)) return { kind: 'cloud', name };
  }
  const type = fsType(dirname(path));
  const network = type === null ? undefined : NETWORK_FS[type];
  return network ? { kind: 'network', name: network } : null;
}

function statfsType(dir: string): number | null {
  if (process.platform !== 'linux') return null;
  try {
    return statfsSync(dir).type;
  } catch {
    return null;
  }
}
