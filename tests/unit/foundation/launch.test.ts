import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../../cli/start-args.js';
import { CORE_V8_FLAGS } from '../../../core/server/heap.js';
import { LaunchCodes } from '../../../core/server/http/launch.js';
import { CasusError } from '../../../core/shared/errors.js';
import { Session } from '../../../core/server/session.js';
import { tempDir } from '../helpers.js';
import { serveProject } from './server-process.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('one-time launch codes', () => {
  it('are valid once, and not after their time to live', () => {
    let t = 1000;
    const codes = new LaunchCodes(60_000, () => t);
    const a = codes.create();
    const b = codes.create();
    expect(a).not.toBe(b);
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem(a)).toBe(false);
    t += 60_001;
    expect(codes.redeem(b)).toBe(false);
    expect(codes.redeem('made-up')).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('casus serve opening the browser', () => {
  const dir = tempDir();
  const stops: (() => void)[] = [];
  afterAll(() => stops.forEach((stop) => stop()));

  it('puts a one-time launch URL on the command line, never the token', async () => {
    // A stand-in for xdg-open that records the command line it was started with.
    const bin = join(dir, 'bin');
    const recorded = join(dir, 'opened.txt');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> "${recorded}"\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const path = join(dir, 'p.casus');
    const session = new Session({ remember: false });
    await session.create(path, { template: 'blank', demo: false });
    session.close();
    const child = spawn(
      process.execPath,
      [join(root, 'bin/casus.mjs'), 'serve', path, '--port', '0'],
      {
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          CASUS_CONFIG_DIR: join(dir, 'config'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    stops.push(() => child.kill('SIGTERM'));
    // The address printed for the user still carries the token.
    const printed = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`casus serve exited with ${code}`)));
    });
    const base = printed.split('/#')[0]!;
    const token = printed.split('#token=')[1]!;
    while (!existsSync(recorded) || !readFileSync(recorded, 'utf8').endsWith('\n')) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const opened = readFileSync(recorded, 'utf8').trim();
    expect(opened).toMatch(new RegExp(`^${base}/launch/[\\w-]{20,}$`));
    expect(opened).not.toContain(token);

    // The launch URL hands the page the token once, in the fragment of a redirect...
    const first = await fetch(opened, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/#token=${token}`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    // ...and never again.
    const second = await fetch(opened, { redirect: 'manual' });
    expect(second.status).toBe(410);
    expect(second.headers.get('location')).toBeNull();
    expect(await second.text()).toContain('used or has expired');
    const guessed = await fetch(`${base}/launch/${'x'.repeat(32)}`, { redirect: 'manual' });
    expect(guessed.status).toBe(410);
  });
});

describe('the arguments of npm start', () => {
  it('are read into a project, a port and whether to open a browser', () => {
    expect(parseStartArgs(['studie.casus', '--port', '4800', '--no-open', '--browser'])).toEqual({
      project: 'studie.casus',
      port: 4800,
      open: false,
      help: false,
    });
    expect(parseStartArgs([])).toEqual({
      project: undefined,
      port: undefined,
      open: true,
      help: false,
    });
    expect(parseStartArgs(['-h']).help).toBe(true);
  });

  it('name what is wrong with a wrong one, without a stack trace', () => {
    const wrong = (args: string[]) => {
      try {
        parseStartArgs(args);
      } catch (e) {
        expect(e).toBeInstanceOf(CasusError);
        return (e as Error).message;
      }
      throw new Error(`accepted: ${args.join(' ')}`);
    };
    expect(wrong(['--prot', '4800'])).toMatch(/Unknown option '--prot'/);
    expect(wrong(['--port', 'acht'])).toBe('--port must be a whole number, not "acht"');
    expect(wrong(['--port', '70000'])).toBe('--port must be between 0 and 65535, not 70000');
    expect(wrong(['a.casus', 'b.casus'])).toBe('one project at a time, not 2: a.casus, b.casus');
  });
});

describe('casus serve on a port another program uses', () => {
  it('says so and exits, naming the port', async () => {
    const dir = tempDir();
    const path = join(dir, 'p.casus');
    const session = new Session({ remember: false });
    await session.create(path, { template: 'blank', demo: false });
    session.close();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const child = spawn(
        process.execPath,
        [join(root, 'bin/casus.mjs'), 'serve', path, '--port', String(port), '--no-open'],
        { env: { ...process.env, CASUS_CONFIG_DIR: join(dir, 'config') }, stdio: 'pipe' },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(err).toContain(`cannot serve on port ${port}: another program uses it`);
      expect(err).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });
});

describe.runIf(process.platform === 'linux')('casus serve and its core process', () => {
  /** The processes whose parent is `pid`, with their command lines (from /proc). */
  const childrenOf = (pid: number) =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((d) => {
        try {
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (ppid !== pid) return [];
          return [{ pid: Number(d), args: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0') }];
        } catch {
          return []; // ended meanwhile
        }
      });
  const alive = (pid: number) => existsSync(`/proc/${pid}`);

  it('runs the core with its heap flags, and stops it when it is stopped', async () => {
    const dir = tempDir();
    const served = await serveProject(dir);
    try {
      // The server answering is the launcher's child, started with the core's V8 flags.
      const [core] = childrenOf(served.child.pid!);
      expect(core?.args).toEqual(
        expect.arrayContaining([...CORE_V8_FLAGS, 'serve', join(dir, 'served.casus')]),
      );
      const exited = new Promise((resolve) => served.child.on('exit', resolve));
      served.stop();
      await exited;
      // Nothing left behind holding the project.
      for (let i = 0; i < 100 && alive(core!.pid); i++) await new Promise((r) => setTimeout(r, 50));
      expect(alive(core!.pid)).toBe(false);
    } finally {
      served.child.kill('SIGKILL');
    }
  });
});
