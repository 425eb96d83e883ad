import { createProgram } from './program.js';
import { runCli } from './usage-errors.js';

await runCli(createProgram(), process.argv);
