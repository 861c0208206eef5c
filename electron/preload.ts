import { contextBridge, ipcRenderer, webUtils } from 'electron';

/**
 * The renderer's only doors to the main process: one function for every call, and the native
 * file dialogs. A dialog answers with the path the user chose, which the main process has
 * granted; the window cannot name any other file. No Node, no ipcRenderer object, no event
 * emitters cross the bridge.
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
});
