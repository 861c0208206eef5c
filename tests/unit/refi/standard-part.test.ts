import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refiFixture } from '../../refi-fixtures.js';
import { tempDir, tempProject } from '../helpers.js';

// What other programs see of Casus's work and what Casus reads back of the standard part of a
// .qdpx (issue 18): files of other programs, and Casus's own files without casus.json.

describe('notes of another program', () => {
  const dir = tempDir();

  it('opens a note on the project through memos.get', async () => {
    const p = await tempProject();
    const out = join(dir, 'atlas.casus');
    await p.call('refi.importProject', { filePath: refiFixture('atlas-style.qde'), outPath: out });
    await p.call('project.open', { path: out });
    const memo = await p.call('memos.get', { targetType: 'project', targetId: '' });
    expect(memo?.bodyText).toMatch(/^Four cases, two rounds of interviews/);
  });
});
