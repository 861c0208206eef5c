import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, lowerThreadPriority } from '../../../core/server/workers/background.js';
import { codingProject } from '../coding/fixture.js';
import { openSession, testClock } from './fixture.js';

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/N/stat). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name may hold spaces: the fields after it start behind its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  });
}

describe('the automatic snapshot yields the cores to the workbench', () => {
  it.runIf(process.platform === 'linux')(
    'is written by a thread of lower priority; the thread that serves the workbench keeps its own',
    async () => {
      expect(threadNices()).not.toContain(BACKGROUND_NICE);
      const { p } = await codingProject({ file: true });
      p.session.close();
      const wb = await openSession(p.path, { auto: true, clock: testClock().now });
      await wb.session.keeper!.idle();
      expect((await wb.call('snapshots.list', {})).snapshots).toHaveLength(1);
      // The snapshot worker stays for the next one: its thread, and only it, runs lowered.
      expect(threadNices().filter((n) => n === BACKGROUND_NICE)).toHaveLength(1);
      expect(getPriority()).toBe(0);
    },
  );

  it('leaves the priority alone where it would lower the whole process', () => {
    const before = getPriority();
    expect(lowerThreadPriority('darwin')).toBe(false);
    expect(lowerThreadPriority('win32')).toBe(false);
    expect(getPriority()).toBe(before);
  });
});
