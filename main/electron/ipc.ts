import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import type { Dispatch } from '../host/dispatch';
import { APP_ORIGIN } from './protocol';

export const INVOKE_CHANNEL = 'backlot:invoke';

const Envelope = z.object({ method: z.string().max(100), input: z.unknown() }).strict();

/**
 * The one IPC entry point. The sender must be a frame of our own app origin in
 * a window we created; the envelope is checked before dispatch checks the
 * method, the session, the role and the input.
 */
export function registerIpc(dispatch: Dispatch, isOurWindow: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, payload: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isOurWindow(event) || !frameUrl.startsWith(`${APP_ORIGIN}/`)) {
      return { ok: false, error: new AppError('FORBIDDEN', 'Calls are accepted only from Backlot’s own window.').toJSON() };
    }
    const envelope = Envelope.safeParse(payload);
    if (!envelope.success) return { ok: false, error: new AppError('INVALID_INPUT', 'Malformed call.').toJSON() };
    return dispatch({ method: envelope.data.method, input: envelope.data.input, clientKey: `ipc:${event.sender.id}` });
  });
}
