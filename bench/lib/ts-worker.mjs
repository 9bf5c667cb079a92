// Starts a TypeScript module in a worker thread: tsx's loader registered in this thread, then the module
// named by the worker's first argv. (A worker does not inherit the parent's loader hooks.)
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
