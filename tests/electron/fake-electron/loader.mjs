/** ESM resolve hook: every `import ... from 'electron'` gets the stand-in (NODE_PATH does not reach ESM imports). */
const FAKE = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: FAKE, shortCircuit: true, format: 'module' };
  return nextResolve(specifier, context);
}
