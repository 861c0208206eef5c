import { describe, expect, it } from 'vitest';
import { storageRisk } from '../../../core/server/domain/storage-risk.js';

const local = () => 0xef53; // ext4

describe('where a project file lies', () => {
  it('names the sync service of a cloud-synced folder', () => {
    const cases: [string, string][] = [
      ['C:\\Users\\anna\\OneDrive - PBL\\Regio Deals\\studie.casus', 'OneDrive'],
      ['/Users/anna/Library/Mobile Documents/com~apple~CloudDocs/studie.casus', 'iCloud Drive'],
      ['/home/anna/Dropbox/studie.casus', 'Dropbox'],
      ['/home/anna/SURFdrive/project/studie.casus', 'SURFdrive'],
      ['G:\\Mijn Drive\\studie.casus', 'Google Drive'],
      ['/Users/anna/Library/CloudStorage/x/studie.casus', 'a cloud storage provider'],
    ];
    for (const [path, name] of cases)
      expect(storageRisk(path, local), path).toEqual({ kind: 'cloud', name });
  });

  it('recognises network shares by path and by file system', () => {
    expect(storageRisk('\\\\fileserver\\onderzoek\\studie.casus', local)).toEqual({
      kind: 'network',
      name: 'UNC',
    });
    expect(storageRisk('/mnt/share/studie.casus', () => 0xfe534d42)).toEqual({
      kind: 'network',
      name: 'SMB2',
    });
    expect(storageRisk('/mnt/nfs/studie.casus', () => 0x6969)).toEqual({
      kind: 'network',
      name: 'NFS',
    });
  });

  it('says nothing for a local disk, or a folder that merely contains a service name', () => {
    expect(storageRisk('/home/anna/studies/studie.casus', local)).toBeNull();
    expect(storageRisk('/home/anna/dropbox-export/studie.casus', local)).toBeNull();
    expect(storageRisk('/tmp/x.casus', () => null)).toBeNull();
    // The real file system of this machine's temp folder is local.
    expect(storageRisk('/tmp/x.casus')).toBeNull();
  });
});
