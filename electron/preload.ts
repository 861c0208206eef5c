import { contextBridge, ipcRenderer, webUtils } from 'electron';

/**
 * The renderer's only doors to the main process: one function for every call; the native file
 * dialogs, which answer with the path the user chose (granted by the main process, so the window
 * cannot name any other file); and the group review's audience screen (a second window on a
 * chosen display) with the presentation's changes handed on as JSON text. No Node, no
 * ipcRenderer object, no event emitters cross the bridge: a listener gets only the text, and the
 * function returned removes it.
 */
contextBridge.exposeInMainWorld('casus', {
  host: 'electron',
  invoke: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('casus:invoke', method, input),
  chooseProjectToOpen: (): Promise<unknown> => ipcRenderer.invoke('casus:choose-project'),
  chooseNewProjectLocation: (name: string): Promise<unknown> =>
    ipcRenderer.invoke('casus:choose-new-project', String(name)),
  // Only a File the user dropped has a path (one a script makes has none).
  projectFromDrop: (file: File): Promise<unknown> => {
    const path = file instanceof File ? webUtils.getPathForFile(file) : '';
    return path ? ipcRenderer.invoke('casus:dropped-project', path) : Promise.resolve(null);
  },
  // A File the user chose (file field or drop) to import: its path, granted for reading.
  fileToRead: (file: File): Promise<unknown> => {
    const path = file instanceof File ? webUtils.getPathForFile(file) : '';
    return path ? ipcRenderer.invoke('casus:file-to-read', path) : Promise.resolve(null);
  },
  displays: (): Promise<unknown> => ipcRenderer.invoke('casus:displays'),
  openAudience: (displayId: number | null): Promise<unknown> =>
    ipcRenderer.invoke('casus:audience', displayId),
  onReviewLive: (listener: (json: string) => void): (() => void) => {
    const relay = (_event: unknown, json: unknown) => {
      if (typeof json === 'string') listener(json);
    };
    ipcRenderer.on('casus:review-live', relay);
    return () => {
      ipcRenderer.removeListener('casus:review-live', relay);
    };
  },
});
