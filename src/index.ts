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
export { loadModel, type LoadOptions } from './api/load.js';
export { limits, checkModelSize, checkUnroll, checkBatchMemory, emulationBytes, type Limits } from './api/limits.js';
export { writeOutputDir, writeFileAtomic, type OutputDirOptions, type OutputDirResult } from './io/output-dir.js';
export { predictFile, predictGraph, predictArrays, floatRunner, type BatchRunner, type PredictOptions, type PredictSummary } from './api/predict.js';
export { summarizeModel, type ModelSummary, type LayerSummary } from './api/inspect.js';
export { runFloat, type FloatRun, type RunFloatOptions } from './emulator/float.js';
export { importOnnx, type OnnxImportOptions } from './frontends/onnx/import.js';
export { readNpy, writeNpy } from './io/npy.js';
export { readSampleData, writeSampleData, outputPath, type SampleData } from './io/data.js';
