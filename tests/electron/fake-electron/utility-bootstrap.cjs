/**
 * The stand-in for an Electron utility process: a Node child whose
 * `process.parentPort` is its IPC channel, shaped like Electron's (messages
 * arrive as `{ data }` events). Then it loads the module the shell forked,
 * as Electron does, with a plain `require`.
 */
const { EventEmitter } = require('node:events');

const [modulePath] = process.argv.splice(2, 1);
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => {
  if (process.connected) process.send(message);
};
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }));
process.parentPort = parentPort;
// Electron kills a utility process when its parent goes; a Node child notices the channel closing.
process.on('disconnect', () => process.exit(0));
require(modulePath);
