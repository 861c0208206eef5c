import type { IpcMainInvokeEvent } from 'electron';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { dispatch } from '../../../core/server/dispatch.js';
import { workbenchCaller } from '../../../core/server/files/access.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { Session } from '../../../core/server/session.js';
import { contract } from '../../../core/shared/contract/index.js';
import { fileInputs, WALKED_KINDS } from '../../../core/shared/contract/files.js';
import type { Envelope } from '../../../core/shared/errors.js';
import { DIALOG_CHANNELS, registerDialogs } from '../../../electron/dialogs.js';
import { GrantedPaths } from '../../../electron/grants.js';
import type { IpcMainLike } from '../../../electron/ipc.js';
import { callerFor, tempDir } from '../helpers.js';

/**
 * The workbench's page never names an arbitrary file: the HTTP host refuses every path it did not
 * grant (projects folder, recent list), the desktop's every path not chosen in a native dialog;
 * the CLI keeps full access.
 */
const dir = tempDir('casus-access-');
const projects = join(dir, 'projects');
const outside = join(dir, 'outside');
const saved = { projects: process.env.CASUS_PROJECTS_DIR, config: process.env.CASUS_CONFIG_DIR };
let server: RunningServer;
const serverSession = new Session({ remember: false });

const post = async (method: string, input: unknown) => {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    body: JSON.stringify(input),
    headers: { 'X-Casus-Token': server.token },
  });
  return { status: res.status, body: (await res.json()) as Envelope<Record<string, unknown>> };
};

beforeAll(async () => {
  process.env.CASUS_PROJECTS_DIR = projects;
  process.env.CASUS_CONFIG_DIR = join(dir, 'config');
  mkdirSync(join(projects, 'Regio Deals'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), 'not for the page');
  // Links inside the projects folder that point out of it.
  symlinkSync(outside, join(projects, 'link-out'));
  symlinkSync(join(outside, 'secret.txt'), join(projects, 'secret.casus'));
  server = await startServer({ session: serverSession });
});
afterAll(async () => {
  await server.close();
  serverSession.close();
  for (const [key, value] of [
    ['CASUS_PROJECTS_DIR', saved.projects],
    ['CASUS_CONFIG_DIR', saved.config],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the browser-mode server refuses paths the page names', () => {
  it('creates a project by name in the projects folder, not at a path', async () => {
    const made = await post('project.create', {
      folder: 'Regio Deals',
      name: 'Zeeuws-Vlaanderen 2024',
      template: 'blank',
    });
    expect(made.status).toBe(200);
    const path = join(projects, 'Regio Deals', 'zeeuws-vlaanderen-2024.casus');
    expect(existsSync(path)).toBe(true);
    expect(made.body).toMatchObject({ ok: true, value: { name: 'Zeeuws-Vlaanderen 2024', path } });

    const atPath = await post('project.create', { path: join(dir, 'x.casus'), name: 'X' });
    expect(atPath.status).toBe(403);
    expect(atPath.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(join(dir, 'x.casus'))).toBe(false);

    const again = await post('project.create', {
      folder: 'Regio Deals',
      name: 'Zeeuws Vlaanderen 2024',
    });
    expect(again.body).toMatchObject({ ok: false, error: { code: 'exists' } });
  });

  it('keeps a new project inside the projects folder whatever the folder or name says', async () => {
    for (const folder of ['..', '../outside', 'Regio Deals/../..', '/tmp', 'link-out']) {
      const r = await post('project.create', { folder, name: 'Uit', template: 'blank' });
      expect(r.body, folder).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(existsSync(join(outside, 'uit.casus'))).toBe(false);
    // Separators and dots in a name only shape the file name: it lands in the folder chosen.
    const r = await post('project.create', {
      folder: '',
      name: '../../Uit/weg',
      template: 'blank',
    });
    expect(r.body).toMatchObject({ ok: true, value: { path: join(projects, 'uit-weg.casus') } });
  });

  it('opens projects in the projects folder or the recent list, nothing else', async () => {
    const inFolder = join(projects, 'Regio Deals', 'zeeuws-vlaanderen-2024.casus');
    expect((await post('project.open', { path: inFolder })).status).toBe(200);
    // A project elsewhere, made by the CLI: refused until it is in the recent list.
    const elsewhere = join(outside, 'elders.casus');
    const cli = new Session({ remember: false });
    await callerFor(createContext(cli))('project.create', { path: elsewhere, template: 'blank' });
    cli.close();
    const refused = await post('project.open', { path: elsewhere });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(
      join(dir, 'config', 'config.json'),
      JSON.stringify({
        recent: [{ path: elsewhere, name: 'Elders', openedAt: '' }],
        lastCoder: {},
      }),
    );
    expect((await post('project.open', { path: elsewhere })).status).toBe(200);
    // A link in the projects folder to a file outside it is refused like the file itself.
    const link = await post('project.open', { path: join(projects, 'secret.casus') });
    expect(link.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const dotted = await post('project.open', {
      path: join(projects, '..', 'outside', 'elders2.casus'),
    });
    expect(dotted.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses to read, import or write any path', async () => {
    const refusedCalls: [string, unknown][] = [
      ['import.file', { file: { fileName: 'passwd', path: '/etc/passwd' }, caseId: null }],
      [
        'import.file',
        { file: { fileName: 'secret.txt', path: join(outside, 'secret.txt') }, caseId: null },
      ],
      ['import.newVersion', { sourceId: 'x', file: { fileName: 'passwd', path: '/etc/passwd' } }],
      ['refi.export', { format: 'qdc', outPath: join(outside, 'codes.qdc') }],
      ['refi.importCodebook', { filePath: '/etc/passwd' }],
      // A coder's copy to merge is uploaded as bytes, never named by its path.
      ['merge.preview', { filePath: join(outside, 'copy.casus') }],
      ['merge.apply', { filePath: join(outside, 'copy.casus') }],
      ['refi.importProject', { filePath: '/etc/passwd', outPath: join(outside, 'r.casus') }],
      [
        'refi.importProject',
        { data: 'AAAA', fileName: 'a.qdpx', outPath: join(outside, 'r.casus') },
      ],
    ];
    for (const [method, input] of refusedCalls) {
      const r = await post(method, input);
      expect(r.status, method).toBe(403);
      expect(r.body, method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(existsSync(join(outside, 'codes.qdc'))).toBe(false);
    expect(existsSync(join(outside, 'r.casus'))).toBe(false);
    // What the page does instead: upload the bytes, download the export.
    const upload = await post('import.file', {
      file: { fileName: 'notes.txt', dataBase64: Buffer.from('Een verslag.').toString('base64') },
      caseId: null,
    });
    expect(upload.body).toMatchObject({ ok: true, value: { status: 'imported' } });
    const download = await post('refi.export', { format: 'qdpx' });
    expect(download.body).toMatchObject({ ok: true, value: { path: null } });
    expect(String(download.body.ok && download.body.value.data)).not.toBe('');
  });
});

describe('the projects folder listing', () => {
  it('lists folders and .casus files, not links out nor hidden files', async () => {
    writeFileSync(join(projects, '.hidden.casus'), '');
    writeFileSync(join(projects, 'notes.txt'), '');
    const r = await post('projects.browse', {});
    expect(r.body).toMatchObject({ ok: true, value: { root: projects, folder: '', parent: null } });
    const listing = r.body.ok
      ? (r.body.value as { folders: { name: string }[]; projects: { fileName: string }[] })
      : null;
    expect(listing?.folders.map((f) => f.name)).toEqual(['Regio Deals']);
    expect(listing?.projects.map((p) => p.fileName)).toEqual(['uit-weg.casus']);
    const sub = await post('projects.browse', { folder: 'Regio Deals' });
    expect(sub.body).toMatchObject({
      ok: true,
      value: {
        folder: 'Regio Deals',
        parent: '',
        projects: [{ fileName: 'zeeuws-vlaanderen-2024.casus' }],
      },
    });
  });

  it('cannot leave the projects folder', async () => {
    for (const folder of [
      '..',
      '../outside',
      'Regio Deals/../../outside',
      '/etc',
      outside,
      'link-out',
      '..\\outside',
    ]) {
      const r = await post('projects.browse', { folder });
      expect(r.body, folder).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

describe('the CLI keeps full access', () => {
  it('imports from, writes to and creates at any path its user names', async () => {
    const session = new Session({ remember: false });
    const call = callerFor(createContext(session));
    const path = join(outside, 'cli.casus');
    await call('project.create', { path, template: 'blank' });
    const imported = await call('import.file', {
      file: { fileName: 'secret.txt', path: join(outside, 'secret.txt') },
      caseId: null,
    });
    expect(imported.status).toBe('imported');
    const exported = await call('refi.export', {
      format: 'qdpx',
      outPath: join(outside, 'cli.qdpx'),
    });
    expect(exported.path).toBe(join(outside, 'cli.qdpx'));
    expect(existsSync(join(outside, 'cli.qdpx'))).toBe(true);
    session.close();
  });
});

describe('the desktop grants what the user chose in a native dialog', () => {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const ask = (channel: string, url: string, ...args: unknown[]) =>
    handlers.get(channel)!(
      { senderFrame: { url, parent: null } } as unknown as IpcMainInvokeEvent,
      ...args,
    ) as Promise<string | null>;

  /** The channels that need no dialog (a drop, a chosen file), registered with `grants`. */
  const withoutDialogs = (grants: GrantedPaths) =>
    registerDialogs(
      ipc,
      { openProject: () => Promise.resolve(null), saveProject: () => Promise.resolve(null) },
      grants,
      (event) => event.senderFrame?.url.startsWith('app://casus/') ?? false,
      () => projects,
    );

  it('grants the chosen path for its use, and nothing to a foreign frame', async () => {
    const grants = new GrantedPaths();
    const proposed: string[] = [];
    registerDialogs(
      ipc,
      {
        openProject: () => Promise.resolve(join(outside, 'elders.casus')),
        saveProject: (defaultPath) => {
          proposed.push(defaultPath);
          return Promise.resolve(join(outside, 'nieuw'));
        },
      },
      grants,
      (event) => event.senderFrame?.url.startsWith('app://casus/') ?? false,
      () => projects,
    );
    expect(await ask(DIALOG_CHANNELS.chooseProject, 'https://evil.example/')).toBeNull();
    expect(grants.list()).toEqual([]);
    expect(await ask(DIALOG_CHANNELS.chooseProject, 'app://casus/index.html')).toBe(
      join(outside, 'elders.casus'),
    );
    // The save dialog proposes the name's file in the projects folder; .casus is added.
    expect(
      await ask(DIALOG_CHANNELS.chooseNewProject, 'app://casus/index.html', 'Mijn Studie'),
    ).toBe(join(outside, 'nieuw.casus'));
    expect(proposed).toEqual([join(projects, 'mijn-studie.casus')]);
    expect(grants.list()).toEqual([
      { path: join(outside, 'elders.casus'), use: 'open' },
      { path: join(outside, 'nieuw.casus'), use: 'create' },
    ]);
  });

  it('grants a dropped file only when it is an existing .casus file', async () => {
    const grants = new GrantedPaths();
    withoutDialogs(grants);
    const app = 'app://casus/index.html';
    const dropped = join(outside, 'dropped.casus');
    writeFileSync(dropped, '');
    expect(await ask(DIALOG_CHANNELS.droppedProject, 'https://evil.example/', dropped)).toBeNull();
    expect(await ask(DIALOG_CHANNELS.droppedProject, app, '/etc/passwd')).toBeNull();
    expect(await ask(DIALOG_CHANNELS.droppedProject, app, join(outside, 'none.casus'))).toBeNull();
    expect(await ask(DIALOG_CHANNELS.droppedProject, app, outside)).toBeNull();
    expect(grants.list()).toEqual([]);
    expect(await ask(DIALOG_CHANNELS.droppedProject, app, dropped)).toBe(dropped);
    expect(grants.list()).toEqual([{ path: dropped, use: 'open' }]);
  });

  it('grants a chosen regular file for reading only, and a call may then import it', async () => {
    const grants = new GrantedPaths();
    withoutDialogs(grants);
    const app = 'app://casus/index.html';
    const chosen = join(outside, 'secret.txt');
    expect(await ask(DIALOG_CHANNELS.fileToRead, 'https://evil.example/', chosen)).toBeNull();
    expect(await ask(DIALOG_CHANNELS.fileToRead, app, outside)).toBeNull();
    expect(await ask(DIALOG_CHANNELS.fileToRead, app, join(outside, 'none.txt'))).toBeNull();
    expect(await ask(DIALOG_CHANNELS.fileToRead, app, 42)).toBeNull();
    expect(grants.list()).toEqual([]);
    expect(await ask(DIALOG_CHANNELS.fileToRead, app, chosen)).toBe(chosen);
    expect(grants.list()).toEqual([{ path: chosen, use: 'read' }]);

    const session = new Session({ remember: false });
    const ctx = createContext(session);
    await callerFor(ctx)('project.create', {
      path: join(outside, 'desk.casus'),
      template: 'blank',
    });
    const desktop = workbenchCaller(grants.list());
    const imported = await dispatch(
      'import.file',
      { file: { fileName: 'secret.txt', path: chosen }, caseId: null },
      ctx,
      desktop,
    );
    expect(imported.ok && (imported.value as { status: string }).status).toBe('imported');
    // Granted for reading, not for opening as a project; and no other file.
    const other = await dispatch(
      'import.file',
      { file: { fileName: 'cli.qdpx', path: join(outside, 'cli.qdpx') }, caseId: null },
      ctx,
      desktop,
    );
    expect(!other.ok && other.error.code).toBe('forbidden');
    const asProject = await dispatch('project.open', { path: chosen }, ctx, desktop);
    expect(!asProject.ok && asProject.error.code).toBe('forbidden');
    session.close();
  });
});

describe('the contract marks every path it takes', () => {
  type Def = { type: string } & Record<string, unknown>;
  const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;
  /** Every string field of an input, with its dotted name and whether it is marked. */
  function fields(
    schema: unknown,
    name: string,
    out: { name: string; marked: boolean }[],
    unwalked: string[],
  ) {
    const def = defOf(schema);
    if (fileInputs.has(schema as never)) return void out.push({ name, marked: true });
    if (def.type === 'string') return void out.push({ name, marked: false });
    if (def.type === 'object') {
      for (const [k, s] of Object.entries(def.shape as Record<string, unknown>))
        fields(s, name ? `${name}.${k}` : k, out, unwalked);
      return;
    }
    if (!WALKED_KINDS.has(def.type)) {
      if (['lazy', 'tuple', 'map', 'set', 'transform'].includes(def.type))
        unwalked.push(`${name} (${def.type})`);
      return;
    }
    for (const key of ['innerType', 'left', 'right', 'element', 'out', 'valueType'])
      if (def[key]) fields(def[key], name, out, unwalked);
    if (Array.isArray(def.options)) for (const o of def.options) fields(o, name, out, unwalked);
  }

  it('marks each field that names a file, and walks every input', () => {
    const unmarked: string[] = [];
    const unwalked: string[] = [];
    const marked: string[] = [];
    for (const [method, spec] of Object.entries(contract)) {
      const found: { name: string; marked: boolean }[] = [];
      fields(spec.input, '', found, unwalked);
      for (const f of found) {
        if (f.marked) marked.push(`${method} ${f.name}`);
        else if (/path$/i.test(f.name)) unmarked.push(`${method} ${f.name}`);
      }
    }
    expect(unmarked).toEqual([]);
    expect(unwalked).toEqual([]);
    expect(new Set(marked)).toEqual(
      new Set([
        'project.open path',
        'project.create path',
        'import.file file.path',
        'import.newVersion file.path',
        'refi.export outPath',
        'refi.importProject filePath',
        'refi.importProject outPath',
        'snapshots.restore outPath',
        'refi.importCodebook filePath',
        'merge.preview filePath',
        'merge.apply filePath',
        'transcripts.inspect file.path',
        'transcripts.import file.path',
        'confidentiality.leakCheck filePath',
        'media.attach file.path',
      ]),
    );
  });
});
