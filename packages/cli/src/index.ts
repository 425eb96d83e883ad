export type { AssayConfig, GenerateConfig, TestTemplates } from '@assay/core';
export { defineConfig } from '@assay/core';
export { createProgram } from './program.js';
export { VERSION } from './version.js';
