import type { Result } from '../../core/errors';

/**
 * How a call leaves the renderer: Electron's preload bridge when present,
 * otherwise the web host's /rpc endpoint with the launch token. Both reach the
 * same dispatch in main, so the UI under test is the UI that ships.
 */
export type Transport = (method: string, input: unknown) => Promise<Result<unknown>>;

const TOKEN_KEY = 'backlot.launchToken';

/** Reads the launch token from `#token=...` once, then removes it from the address bar. */
function launchToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function clientId(): string {
  // Per tab: two tabs are two callers with their own sign-in, like two stations.
  const key = 'backlot.clientId';
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(key, id);
  }
  return id;
}

function webTransport(): Transport {
  const token = launchToken();
  const client = clientId();
  return async (method, input) => {
    let res: Response;
    try {
      res = await fetch(`/rpc/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backlot-token': token ?? '', 'x-backlot-client': client },
        body: JSON.stringify({ input }),
      });
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'The station service is not running. Restart Backlot.' } };
    }
    const body = (await res.json().catch(() => null)) as Result<unknown> | null;
    // Every answer of the web host is the one envelope; anything else (a proxy's page) is not the station.
    if (body && typeof body === 'object' && typeof body.ok === 'boolean') return body;
    return { ok: false, error: { code: 'INTERNAL', message: `The station answered ${res.status} without an answer Backlot can read.` } };
  };
}

export function createTransport(): Transport {
  const bridge = window.backlot;
  return bridge ? (method, input) => bridge.invoke(method, input) : webTransport();
}
