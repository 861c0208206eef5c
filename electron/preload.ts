import { contextBridge, ipcRenderer } from 'electron';

/**
 * The renderer's doors to the core and the windows: calls go through one channel; the group
 * review adds its audience screen (a second window on a chosen display) and the presentation's
 * changes, handed on as JSON text. No Node, no ipcRenderer object, no event emitters cross the
 * bridge: the listener gets only the text, and the function returned removes it.
 */
contextBridge.exposeInMainWorld('casus', {
  host: 'electron',
  invoke: (method: string, input: unknown): Promise<unknown> =>
    ipcRenderer.invoke('casus:invoke', method, input),
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
