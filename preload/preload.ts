/**
 * The whole bridge: one function. The renderer never sees ipcRenderer, and
 * main checks the method name, the sender and the input on every call.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('backlot', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke('backlot:invoke', { method, input }),
});
