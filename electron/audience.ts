import { BrowserWindow, screen, type IpcMain, type IpcMainInvokeEvent } from 'electron';
import type { DisplayInfo } from '../core/client/transports.js';
import { guardWindow, secureWebPreferences } from './windows.js';

/**
 * The group review's audience window (issue 14): the same renderer at index.html?audience, full
 * screen on the display the presenter chose, without menus or controls. It follows the
 * presentation through the events the main process relays to every window.
 */
export const AUDIENCE_URL = 'app://casus/index.html?audience';

export interface AudienceOptions {
  preload: string;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** The presenter's window: the audience goes to another display by default. */
  mainWindow(): BrowserWindow | null;
}

export function registerAudience(ipcMain: IpcMain, opts: AudienceOptions): void {
  let audience: BrowserWindow | null = null;

  ipcMain.handle('casus:displays', (event): DisplayInfo[] => {
    if (!opts.isTrustedSender(event)) return [];
    const primary = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((d, i) => ({
      id: d.id,
      label: d.label || `Display ${i + 1}`,
      width: d.size.width,
      height: d.size.height,
      primary: d.id === primary,
    }));
  });

  ipcMain.handle('casus:audience', async (event, displayId: unknown) => {
    if (!opts.isTrustedSender(event)) return { ok: false, message: 'Refused: not a Casus window' };
    const displays = screen.getAllDisplays();
    const main = opts.mainWindow();
    const mine = main ? screen.getDisplayMatching(main.getBounds()).id : null;
    const target =
      displays.find((d) => d.id === displayId) ??
      displays.find((d) => d.id !== mine) ??
      screen.getPrimaryDisplay();
    if (!audience || audience.isDestroyed()) {
      audience = new BrowserWindow({
        ...target.bounds,
        title: 'Casus — audience',
        autoHideMenuBar: true,
        backgroundColor: '#ffffff',
        webPreferences: secureWebPreferences(opts.preload),
      });
      guardWindow(audience);
      audience.on('closed', () => (audience = null));
      await audience.loadURL(AUDIENCE_URL);
    } else {
      audience.setFullScreen(false);
      audience.setBounds(target.bounds);
    }
    audience.setFullScreen(true);
    return { ok: true };
  });
}
