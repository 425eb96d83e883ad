export { createProgram } from './program.js';
export { VERSION } from './version.js';
