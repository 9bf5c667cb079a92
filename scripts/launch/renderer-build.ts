import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');

/** Builds the renderer once when it is missing, so `npm run web` and `npm start` work straight after `npm ci`. */
export async function ensureRendererBuilt(force = false): Promise<string> {
  if (force || !existsSync(join(RENDERER_DIR, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_DIR;
}
