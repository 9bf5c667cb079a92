/** `node --import <this file> dist/main/electron.mjs ...`: installs the resolve hook before the shell loads. */
import { register } from 'node:module';

register('./loader.mjs', import.meta.url);
