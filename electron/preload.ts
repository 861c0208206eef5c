import { contextBridge, ipcRenderer } from 'electron';

/**
 * The renderer's only door to the core: one function, one channel. No Node, no ipcRenderer
 * object, no event emitters cross the bridge.
 */
contextBridge.exposeInMainWorld('casus', {
  host: 'electron',
  invoke: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('casus:invoke', method, input),
});
