/** nnfab's library API. */
export * from './diagnostics/index.js';
export * from './ir/index.js';
export * from './fixed/index.js';
export { VERSION } from './version.js';
