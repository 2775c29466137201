/** The graph IR: ops, graph, fixed-point types, shapes. */
export * from './fixed-type.js';
export * from './ops.js';
export * from './graph.js';
export * from './shapes.js';
export * from './verify.js';
export * from './print.js';
export * from './json.js';
