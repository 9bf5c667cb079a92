import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The renderer is served from `app://backlot/` rather than file://, so it has
 * a real origin ('self' in the CSP means exactly these files) and a renderer
 * can never read other files on disk through a crafted path.
 */
export const APP_ORIGIN = 'app://backlot';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir) + sep;
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    if (url.host !== 'backlot') return new Response('Not found', { status: 404 });
    const path = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!path.startsWith(root)) return new Response('Forbidden', { status: 403 });
    return net.fetch(pathToFileURL(path).toString());
  });
}
