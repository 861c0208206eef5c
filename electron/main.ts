import {
  app,
  BrowserWindow,
  ipcMain,
  net,
  protocol,
  session as electronSession,
  shell,
} from 'electron';
import { existsSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createContext } from '../core/server/context.js';
import { Session } from '../core/server/session.js';
import { CONTENT_SECURITY_POLICY } from '../core/shared/csp.js';
import { isAppUrl, registerIpc } from './ipc.js';

/** Desktop host: a thin shell around the same core the HTTP server uses. */
const here = fileURLToPath(new URL('.', import.meta.url));
// Built layout: dist-electron/electron/main.js beside dist/renderer at the repo root.
const rendererRoot = resolve(
  process.env.CASUS_RENDERER_DIR ?? join(here, '..', '..', 'dist', 'renderer'),
);

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

async function main(): Promise<void> {
  await app.whenReady();
  const session = new Session();
  const projectArg = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => a.endsWith('.casus'));
  if (projectArg && existsSync(projectArg)) session.open(projectArg);
  else if (process.env.CASUS_DEMO_PATH) {
    if (existsSync(process.env.CASUS_DEMO_PATH)) session.open(process.env.CASUS_DEMO_PATH);
    else await session.create(process.env.CASUS_DEMO_PATH, { template: 'regio-deals', demo: true });
  }

  // Serve the renderer from app://casus/ with a path-traversal check and our CSP.
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
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

  registerIpc(ipcMain, createContext(session), (event) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isAppUrl(frame.url);
  });

  // No permission is ever needed: camera, geolocation, notifications... all denied.
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Casus',
    webPreferences: {
      preload: join(here, '..', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // External links open in the system browser, never in a Casus window.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  await win.loadURL('app://casus/index.html');

  app.on('window-all-closed', () => {
    session.close();
    app.quit();
  });
}

void main();
