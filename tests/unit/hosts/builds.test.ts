import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { atFileEnd, tempDir, tempProject } from '../helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A throw-away build directory inside the repository, where node_modules resolves. */
function buildDir(prefix: string): string {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', prefix));
  atFileEnd(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * Starts the REFI-QDA reader and the document parser from a compiled tree, in a plain Node
 * process without a TypeScript loader (as Electron runs them), and prints what they read.
 */
const WORKERS_SCRIPT = `
const [refiUrl, importUrl, exportUrl, wordsUrl, qdpxPath, projectPath] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const refi = await import(refiUrl);
const imp = await import(importUrl);
const exp = await import(exportUrl);
const read = await refi.readProjectInWorker(readFileSync(qdpxPath), 'demo.qdpx', false);
const doc = await imp.parseInWorker(new TextEncoder().encode('Eerste alinea.\\n\\nTweede alinea.'), 'notitie.txt');
await imp.closeParseWorkers();
const xlsx = await exp.buildInExportWorker({ kind: 'segments', format: 'xlsx', headers: ['tekst'], rows: [['Eerste alinea.']] });
await exp.closeExportWorker();
const words = await import(wordsUrl);
const list = await words.readWordListInWorker(projectPath);
await words.closeWordsWorker();
process.stdout.write(JSON.stringify({ name: read.project.name, sources: read.project.textSources.length, text: doc.text, xlsx: Buffer.from(xlsx.bytes).subarray(0, 2).toString('latin1'), words: list.words }));
`;

async function demoQdpx(dir: string): Promise<{ path: string; sources: number; project: string }> {
  const p = await tempProject({ demo: true, file: true });
  const exported = await p.call('refi.export', { format: 'qdpx' });
  const info = await p.call('project.info', {});
  const path = join(dir, 'demo.qdpx');
  writeFileSync(path, Buffer.from(exported.data ?? '', 'base64'));
  return { path, sources: info.counts.sources, project: p.path };
}

/**
 * The desktop core process from the built files, in plain Node (the Electron binary is not
 * available to tests): Electron's `process.parentPort` is an EventEmitter here, wired to the
 * main process's relay. CASUS_DEMO_PATH makes the core create the demo study at start.
 */
const CORE_SCRIPT = `
const [out] = process.argv.slice(2);
const { EventEmitter } = await import('node:events');
const { createCoreRelay } = await import(new URL('electron/core-relay.js', out).href);
const parentPort = new EventEmitter();
const toMain = new EventEmitter();
parentPort.postMessage = (m) => toMain.emit('message', m);
process.parentPort = parentPort;
const relay = createCoreRelay({
  postMessage: (m) => parentPort.emit('message', { data: m }),
  onMessage: (l) => toMain.on('message', l),
});
await import(new URL('electron/core-process.js', out).href);
const info = await relay.invoke('project.info', {});
const bad = await relay.invoke('sources.get', { id: 42 });
process.stdout.write(JSON.stringify({ info, bad }));
relay.shutdown();
`;

describe('the desktop build', () => {
  const out = buildDir('electron-build-');
  let qdpx: { path: string; sources: number; project: string };

  beforeAll(async () => {
    run(['scripts/build-electron.mjs', '--out', out]);
    qdpx = await demoQdpx(out);
  });

  it('starts the REFI-QDA reader, document parser, export and word-list workers from the built files', () => {
    // A script file, not `node -e`: workers inherit the parent's execArgv.
    const script = join(out, 'start-workers.mjs');
    writeFileSync(script, WORKERS_SCRIPT);
    const result = JSON.parse(
      run([
        script,
        pathToFileURL(join(out, 'core/server/refi/worker.js')).href,
        pathToFileURL(join(out, 'core/server/import/worker.js')).href,
        pathToFileURL(join(out, 'core/server/export/worker.js')).href,
        pathToFileURL(join(out, 'core/server/search/words/worker.js')).href,
        qdpx.path,
        qdpx.project,
      ]),
    ) as { name: string; sources: number; text: string; xlsx: string; words: string[] };
    expect(result.sources).toBe(qdpx.sources);
    expect(result.sources).toBeGreaterThan(0);
    expect(result.text).toBe('Eerste alinea.\nTweede alinea.');
    // The export worker built a spreadsheet (a zip file).
    expect(result.xlsx).toBe('PK');
    // The word-list worker read the demo study's word index.
    expect(result.words).toContain('welvaart');
  });

  it('runs the core process: the demo study at start, calls through the relay, shutdown', () => {
    const script = join(out, 'desktop-core.mjs');
    writeFileSync(script, CORE_SCRIPT);
    const demo = join(out, 'core-demo.casus');
    const result = JSON.parse(
      run([script, `${pathToFileURL(out).href}/`], {
        ...process.env,
        CASUS_DEMO_PATH: demo,
        CASUS_CONFIG_DIR: join(out, 'config'),
      }),
    ) as { info: unknown; bad: unknown };
    expect(result.info).toMatchObject({ ok: true, value: { path: demo, counts: { sources: 20 } } });
    expect(result.bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('the compiled CLI', () => {
  const out = buildDir('cli-build-');
  const work = tempDir();
  const env = { ...process.env, CASUS_CONFIG_DIR: join(work, 'config') };
  const casus = (...args: string[]) => run([join(out, 'cli', 'bin.js'), ...args], env);

  beforeAll(() => {
    run(['scripts/build-cli.mjs', '--out', out]);
  });

  it('creates the demo study, imports a document, and exports and re-imports REFI-QDA', () => {
    const study = join(work, 'demo.casus');
    // The demo needs the migrations and the fixtures beside the build.
    expect(casus('new', study, '--demo')).toMatch(/4 cases, 20 sources/);
    const note = join(work, 'notitie.txt');
    writeFileSync(note, 'Eerste alinea.\n\nTweede alinea.');
    // The parse worker.
    expect(casus('import', study, note, '--case', 'achterhoek')).toMatch(/1 imported/);
    const qdpx = join(work, 'demo.qdpx');
    // The XSD schemas.
    expect(casus('export', study, '--format', 'qdpx', '--out', qdpx)).toMatch(/schema-valid/);
    // The REFI-QDA reader's worker.
    const copy = join(work, 'copy.casus');
    expect(casus('import-qdpx', qdpx, '--out', copy)).toMatch(/21 sources/);
    const info = JSON.parse(casus('info', copy, '--json')) as { counts: { sources: number } };
    expect(info.counts.sources).toBe(21);
  });

  it('builds exports in the export worker, loading docx and write-excel-file on demand', () => {
    const study = join(work, 'exports.casus');
    casus('new', study, '--demo');
    const docx = join(work, 'matrix.docx');
    casus(
      'matrix',
      study,
      '--rows',
      'principle',
      '--cols',
      'case',
      '--format',
      'docx',
      '--out',
      docx,
    );
    expect(readFileSync(docx).subarray(0, 2).toString('latin1')).toBe('PK');
    const xlsx = join(work, 'segments.xlsx');
    casus('segments', study, '--code', 'multi-actor', '--xlsx', xlsx);
    expect(readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(
      casus('matrix', study, '--rows', 'principle', '--cols', 'case', '--format', 'csv'),
    ).toMatch(/Multi-actor|multi-actor/i);
  });

  it('stops quietly when the reader of its output goes away (casus … | head)', async () => {
    const study = join(work, 'piped.casus');
    casus('new', study, '--demo');
    const child = spawn(process.execPath, [join(out, 'cli', 'bin.js'), 'segments', study], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close our end before the command writes: every write it makes finds the pipe gone.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
