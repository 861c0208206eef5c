import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** Runs the CLI with its stdout read by nobody: like `casus ... | head -1` once head is done. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/casus.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the CLI writing into a closed pipe', () => {
  it('stops quietly: no EPIPE stack trace, exit code 0', async () => {
    const p = await tempProject({ file: true });
    p.session.close();
    const result = await runWithClosedStdout(['codes', p.path]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
