/** nnfab's library API. */
export * from './diagnostics/index.js';
export * from './ir/index.js';
export * from './fixed/index.js';
export { VERSION } from './version.js';
export { convert, modelFromGraphs, toInputs, type NnfabModel, type ConvertOptions, type ModelInput } from './api/model.js';
export { compareRuns, type LayerComparison } from './api/compare.js';
export { predictFixedFile, compareFile, type PredictFixedOptions, type PredictFixedSummary, type CompareFileOptions } from './api/predict-fixed.js';
export { formatStats, formatComparison } from './api/stats-text.js';
export { runFixed, overflowedNodes, mergeRunStats, type FixedRun, type RunFixedOptions, type RunStats, type NodeStats, type PointStats } from './emulator/index.js';
