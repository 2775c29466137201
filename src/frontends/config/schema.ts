/**
 * zod schemas of hls4ml's configuration vocabulary (raw YAML values, before type strings are parsed).
 * Objects are non-strict: unknown keys are found separately (see unknownKeys) and reported as warnings.
 */
import { createRequire } from 'node:module';
import type { z as Z } from 'zod';

// zod is loaded on the first configuration read, not at import: most runs (a model without a config file) never
// need it, and loading it costs ~0.1 s of start-up. require() keeps the readers synchronous.
const requireLazy = createRequire(import.meta.url);

/** Layer keys hls4ml knows that nnfab accepts without using (no warning). */
export const LAYER_KEYS_IGNORED = ['ConvImplementation', 'Compression', 'TargetCycles', 'ParallelizationFactor', 'index_t', 'BramFactor'];
/** Model keys accepted without use. */
export const MODEL_KEYS_IGNORED = ['Compression', 'ConvImplementation', 'PipelineStyle', 'PipelineInterval', 'TargetCycles', 'BitExact', 'ChannelsLastConversion', 'TransposeOutputs'];
/** HLSConfig keys accepted without use. */
export const HLS_KEYS_IGNORED = ['Flows', 'Optimizers', 'SkipOptimizers'];
/** Top-level keys accepted without use. */
export const PROJECT_KEYS_IGNORED = ['Version', 'WriterConfig', 'Stamp', 'InputShapes', 'OutputShapes', 'ProjectDir', 'AcceleratorConfig', 'Board', 'Interface'];

/** The zod schemas (built once, on first use). */
function build(z: typeof Z) {
  const positiveInt = z.number().int().positive();
  const typeString = z.string();
  /** `Precision`: a type string, or a map variable → type string (null entries are ignored, as in hls4ml). */
  const precisionSchema = z.union([typeString, z.record(z.string(), typeString.nullable())]);

  /** One `LayerType` / `LayerName` entry. */
  const layerSchema = z.object({
    Precision: precisionSchema.nullable().optional(),
    ReuseFactor: positiveInt.optional(),
    Strategy: z.string().optional(),
    TableSize: positiveInt.optional(),
    table_size: positiveInt.optional(),
    table_t: typeString.optional(),
    exp_table_t: typeString.optional(),
    inv_table_t: typeString.optional(),
    inv_inp_t: typeString.optional(),
    accum_t: typeString.optional(),
    Implementation: z.string().optional(),
    implementation: z.string().optional(),
    Trace: z.boolean().optional(),
    trace: z.boolean().optional(),
    Skip: z.boolean().optional(),
    skip: z.boolean().optional(),
  });
  /** `HLSConfig.Model`. */
  const modelSchema = z.object({
    Precision: precisionSchema,
    ReuseFactor: positiveInt.optional(),
    Strategy: z.string().optional(),
    BramFactor: z.number().positive().optional(),
    TraceOutput: z.boolean().optional(),
  });

  /** `HLSConfig`. */
  const hlsSchema = z.object({
    Model: modelSchema,
    LayerType: z.record(z.string(), layerSchema.nullable()).optional(),
    LayerName: z.record(z.string(), layerSchema.nullable()).optional(),
  });

  /** The top level of a configuration file. */
  const projectSchema = z.object({
    KerasJson: z.string().optional(),
    KerasH5: z.string().optional(),
    KerasModel: z.string().optional(),
    OnnxModel: z.string().optional(),
    OutputDir: z.string().optional(),
    ProjectName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a C identifier').optional(),
    Backend: z.string().optional(),
    Part: z.string().optional(),
    XilinxPart: z.string().optional(),
    ClockPeriod: z.number().positive().optional(),
    ClockUncertainty: z.union([z.string(), z.number()]).optional(),
    IOType: z.string().optional(),
    InputData: z.string().nullable().optional(),
    OutputPredictions: z.string().nullable().optional(),
    HLSConfig: hlsSchema.optional(),
    SafeTypes: z.boolean().optional(),
  });

  return { precisionSchema, layerSchema, modelSchema, hlsSchema, projectSchema };
}

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;

/** The zod schemas of the configuration vocabulary (zod is loaded on the first call). */
export function schemas(): Schemas {
  return (built ??= build((requireLazy('zod') as { z: typeof Z }).z));
}

/** The raw (validated, not yet typed) configuration. */
export type RawProject = Z.infer<Schemas['projectSchema']>;
export type RawLayer = Z.infer<Schemas['layerSchema']>;
export type RawPrecision = Z.infer<Schemas['precisionSchema']>;

/** Keys of `obj` that neither `schema` nor the `ignored` list knows. */
export function unknownKeys(obj: unknown, schema: Z.ZodObject, ignored: readonly string[]): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [];
  const known = new Set([...Object.keys(schema.shape), ...ignored]);
  return Object.keys(obj).filter((k) => !known.has(k));
}
