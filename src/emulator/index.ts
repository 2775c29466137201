/** The bit-exact fixed-point emulator (and, in float.ts, the float64 reference run). */
export { runFixed, type FixedRun, type RunFixedOptions } from './run.js';
export { runRows, startWorkers, type RowsRun, type RunRowsOptions } from './rows.js';
export {
  StatsRecorder,
  mergeRunStats,
  nodeOverflowed,
  overflowEvents,
  overflowedNodes,
  type ConversionPoint,
  type NodeStats,
  type PointStats,
  type RunStats,
} from './stats.js';
export type { FixedTensor } from './values.js';
