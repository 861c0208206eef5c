import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  net,
  protocol,
  session as electronSession,
  utilityProcess,
  type IpcMainInvokeEvent,
  type UtilityProcess,
} from 'electron';
import { existsSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectsFolder } from '../core/server/config.js';
import { CORE_V8_FLAGS } from '../core/server/heap.js';
import { CONTENT_SECURITY_POLICY } from '../core/shared/csp.js';
import { registerAudience } from './audience.js';
import type { ToCore } from './core-messages.js';
import { createCoreRelay, type CoreRelay } from './core-relay.js';
import { registerDialogs } from './dialogs.js';
import { GrantedPaths } from './grants.js';
import { isAppUrl, registerIpc } from './ipc.js';
import { allowsPermission } from './permissions.js';
import { guardWindow, secureWebPreferences } from './windows.js';

/**
 * Desktop host: a thin shell around the same core the HTTP server uses. The main process keeps the
 * window, the app:// protocol and the IPC sender check; the core (Session, dispatch, SQLite) runs
 * in a utility process (electron/core-process.ts), so a long query never freezes the window.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
// Built layout: dist-electron/electron/main.js beside dist/renderer at the repo root.
const rendererRoot = resolve(
  process.env.CASUS_RENDERER_DIR ?? join(here, '..', '..', 'dist', 'renderer'),
);

protocol.registerSchemesAsPrivileged([
  {
    scheme: 'app',
    // stream: the player reads recordings from app://casus/media/ in ranges.
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
]);

/** The .casus file named on a command line, made absolute against the directory it was given in. */
function projectIn(argv: string[], cwd: string): string | null {
  const arg = argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.casus'));
  return arg ? resolve(cwd, arg) : null;
}

/** Starts the core process and relays calls to it; its end fails the calls under way clearly. */
function startCore(project: string | null): { core: UtilityProcess; relay: CoreRelay } {
  const core = utilityProcess.fork(
    join(here, 'core-process.js'),
    project && existsSync(project) ? [project] : [],
    { serviceName: 'Casus core', stdio: 'inherit', execArgv: [...CORE_V8_FLAGS] },
  );
  const relay = createCoreRelay(
    {
      postMessage: (message: ToCore) => core.postMessage(message),
      onMessage: (listener) => core.on('message', listener),
    },
    {
      // The presentation changed: the presenter's and the audience's windows follow it.
      onEvent: (event) => {
        for (const w of BrowserWindow.getAllWindows())
          if (!w.isDestroyed()) w.webContents.send('casus:review-live', event.json);
      },
    },
  );
  core.on('exit', (code) => relay.stopped(`exit code ${code}`));
  return { core, relay };
}

/** Lets the core finish the calls under way and close the project; stops it if it hangs. */
function stopCore(core: UtilityProcess, relay: CoreRelay): Promise<void> {
  return new Promise((done) => {
    if (core.pid === undefined) return done();
    const timer = setTimeout(() => {
      core.kill();
      done();
    }, 10_000);
    core.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    relay.shutdown();
  });
}

async function main(): Promise<void> {
  // One desktop instance: a second start focuses this window (and opens the project it names).
  const firstProject = projectIn(process.argv, process.cwd());
  if (!app.requestSingleInstanceLock({ project: firstProject })) {
    app.quit();
    return;
  }
  await app.whenReady();
  const { core, relay } = startCore(firstProject);

  // Serve the renderer from app://casus/ with a path-traversal check and our CSP.
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    // The viewer's player: the core says where the recording lies (never a path the window
    // names), and the file loader answers Range requests, so seeking works.
    if (url.pathname.startsWith('/media/')) {
      const sourceId = decodeURIComponent(url.pathname.slice('/media/'.length));
      const found = await relay.invoke('media.locate', { sourceId });
      if (!found.ok) return new Response(found.error.message, { status: 404 });
      const { path, mime } = found.value as { path: string | null; mime: string | null };
      if (path === null) return new Response('The recording is missing', { status: 404 });
      const range = request.headers.get('Range');
      const media = await net.fetch(pathToFileURL(path).toString(), {
        headers: range ? { Range: range } : {},
      });
      const headers = new Headers(media.headers);
      if (mime) headers.set('Content-Type', mime);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return new Response(media.body, { status: media.status, headers });
    }
    const file = resolve(
      rendererRoot,
      normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ''),
    );
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) {
      return new Response('Forbidden', { status: 403 });
    }
    const target =
      existsSync(file) && !file.endsWith(sep) ? file : join(rendererRoot, 'index.html');
    const response = await net.fetch(pathToFileURL(target).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });

  // The window names no file the user did not choose here: the paths from these dialogs (and
  // the command line) go with every call, and the core refuses any other (core/server/files).
  const grants = new GrantedPaths();
  const isTrustedSender = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isAppUrl(frame.url);
  };
  registerIpc(
    ipcMain,
    (method, input) => relay.invoke(method, input, grants.list()),
    isTrustedSender,
  );
  const preload = join(here, '..', 'preload.cjs');
  let win: BrowserWindow | null = null;
  registerAudience(ipcMain, { preload, isTrustedSender, mainWindow: () => win });

  // Camera, geolocation, notifications... all refused, asked or probed; see permissions.ts.
  electronSession.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(allowsPermission(permission, details)),
  );
  electronSession.defaultSession.setPermissionCheckHandler(
    (_wc, permission, requestingOrigin, details) =>
      allowsPermission(permission, {
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        isMainFrame: details.isMainFrame,
      }),
  );

  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Casus',
    webPreferences: secureWebPreferences(preload),
  });
  // External links open in the system browser, never in a Casus window.
  guardWindow(win);
  const mainWin = win;

  const casusFilter = [{ name: 'Casus', extensions: ['casus'] }];
  registerDialogs(
    ipcMain,
    {
      openProject: async (folder) => {
        const r = await dialog.showOpenDialog(mainWin, {
          defaultPath: folder,
          properties: ['openFile'],
          filters: casusFilter,
        });
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      saveProject: async (defaultPath) => {
        const r = await dialog.showSaveDialog(mainWin, {
          defaultPath,
          filters: casusFilter,
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        return r.canceled ? null : (r.filePath ?? null);
      },
    },
    grants,
    isTrustedSender,
    projectsFolder,
  );

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    if (mainWin.isMinimized()) mainWin.restore();
    mainWin.focus();
    const data = additionalData as { project?: unknown } | null;
    const project =
      typeof data?.project === 'string' ? data.project : projectIn(argv, workingDirectory);
    if (!project) return;
    // Named on a command line by the user: granted like a dialog's choice.
    grants.grant(project, 'open');
    void relay.invoke('project.open', { path: project }, grants.list()).then((result) => {
      if (result.ok) mainWin.webContents.reload();
      else void dialog.showMessageBox(mainWin, { type: 'error', message: result.error.message });
    });
  });

  // The presenter's window closing ends Casus, with the audience window.
  mainWin.on('closed', () => {
    for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.close();
  });
  app.on('window-all-closed', () => app.quit());
  // However Casus quits (last window, Cmd+Q), the core first closes the project.
  let coreStopped = false;
  core.once('exit', () => (coreStopped = true));
  app.on('will-quit', (event) => {
    if (coreStopped) return;
    event.preventDefault();
    void stopCore(core, relay).then(() => {
      coreStopped = true;
      app.quit();
    });
  });

  await mainWin.loadURL('app://casus/index.html');
}

void main();
