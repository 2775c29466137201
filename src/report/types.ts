/**
 * The typed JSON report: everything `nnfab report --json` prints and the HTML page draws. Plain data only (numbers,
 * strings, arrays, objects), so it serializes as is and stays stable across versions of the page.
 */

/** Distribution of log2|x| over the nonzero finite values of a tensor (hls4ml's profiling view), plus counts. */
export interface BoxStats {
  /** Values considered (all of them, zeros included). */
  readonly count: number;
  /** Exact zeros (not drawn on a log scale). */
  readonly zeros: number;
  /** NaN or ±Infinity values (not drawn). */
  readonly nonFinite: number;
  /** Quartiles and extremes of log2|x| over nonzero finite values; null when there are none. */
  readonly log2: { readonly min: number; readonly q1: number; readonly median: number; readonly q3: number; readonly max: number } | null;
  /** Largest |x| (linear). */
  readonly absMax: number;
  /** Values that overflow when truncated into the type: ≥ max + LSB or < min (negatives for unsigned types). */
  readonly aboveRange: number;
  /** Nonzero values smaller in magnitude than half the type's LSB (they round or truncate to zero). */
  readonly belowLsb: number;
}

/** A fixed type as the report shows it: its hls4ml spelling and its range on the log2 scale. */
export interface TypeInfo {
  /** hls4ml spelling, e.g. `fixed<16,6>`, `ufixed<8,0,RND,SAT>`, `exponent<4>`, `xnor`. */
  readonly name: string;
  readonly width: number;
  /** log2 of the LSB (−F); null for special encodings. */
  readonly lsbLog2: number | null;
  /** log2 of the largest magnitude representable (I−1 signed, I unsigned); null for special encodings. */
  readonly maxLog2: number | null;
  /** Smallest and largest representable values (e.g. −1 and 0.75 for fixed<3,1>); null for special encodings. */
  readonly min: number | null;
  readonly max: number | null;
}

/** Float-vs-fixed error of one node's output over the profiled samples. */
export interface LayerError {
  readonly samples: number;
  readonly maxAbs: number;
  readonly rms: number;
  /** rms error divided by the rms of the float values (0 when the float values are all zero). */
  readonly relRms: number;
}

/** Overflow counts of one conversion point of a node (as the emulator records them). */
export interface OverflowPoint {
  readonly point: string;
  readonly type: string;
  readonly total: number;
  readonly outOfRange: number;
  readonly wrapped: number;
  readonly saturated: number;
  readonly zeroed: number;
  readonly nonFinite: number;
}

/** One layer (graph node) of the report. */
export interface LayerReport {
  readonly name: string;
  /** IR op kind (dense, conv, activation, ...). */
  readonly kind: string;
  /** hls4ml layer class (Dense, Activation, ...). */
  readonly layerClass: string;
  /** Short description: activation function, kernel size, pooling mode. */
  readonly detail: string;
  readonly inputs: readonly string[];
  readonly shape: readonly number[];
  /** Every type of the node by hls4ml variable name (result, accum, weight, bias, table_t, ...). */
  readonly types: Readonly<Record<string, TypeInfo>>;
  readonly reuseFactor: number | null;
  readonly strategy: string | null;
  /** Multiplications per sample (all, and those by a nonzero weight). */
  readonly multiplications: number;
  readonly nonzeroMultiplications: number;
  readonly weights: number;
  readonly nonzeroWeights: number;
  readonly estimate: { readonly latencyCycles: number; readonly dsp: number; readonly lut: number };
  readonly profile: {
    readonly weight?: BoxStats;
    readonly bias?: BoxStats;
    /** Output values of the float reference run (drawn against the result type). */
    readonly floatOutput?: BoxStats;
    /** Output values of the fixed-point run. */
    readonly fixedOutput?: BoxStats;
  };
  readonly error?: LayerError;
  readonly overflow?: readonly OverflowPoint[];
}

/** Agreement of a backend's simulation with the emulator. */
export interface AgreementResult {
  readonly kind: 'agreement';
  /** What ran, e.g. `C simulation (g++)`, `Verilator`. */
  readonly tool: string;
  readonly samples: number;
  readonly mismatches: number;
  readonly note?: string;
}
/** Resource (and timing) figures from synthesis or a vendor report. */
export interface ResourceResult {
  readonly kind: 'resources';
  /** E.g. `Yosys synth_xilinx`, `Vivado HLS csynth`. */
  readonly tool: string;
  /** Resource name → count (LUT, FF, DSP, BRAM_18K, CARRY4, ...). */
  readonly resources: Readonly<Record<string, number>>;
  /** Other figures: latency, interval, clock, ... */
  readonly figures?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}
/** A backend step that did not run, and why. */
export interface SkippedResult {
  readonly kind: 'skipped';
  readonly tool: string;
  readonly reason: string;
}
/** A backend step that ran and failed. */
export interface FailedResult {
  readonly kind: 'failed';
  readonly tool: string;
  readonly message: string;
}
/** One backend result shown in the report. */
export type BackendResult = AgreementResult | ResourceResult | SkippedResult | FailedResult;

/** Accuracy of the float and the fixed-point model on some data. */
export interface AccuracyInfo {
  readonly samples: number;
  /** Fraction of samples classified correctly (when labels are known). */
  readonly floatAccuracy?: number;
  readonly fixedAccuracy?: number;
  /** Fraction of samples whose top class is the same in float and fixed point. */
  readonly topClassAgreement?: number;
  /** Largest |float − fixed| over all outputs. */
  readonly maxAbsOutputError?: number;
  /** Where the data came from (file name or "bundled example data"). */
  readonly source?: string;
}

/** A finding: something the user should look at, with the layer it concerns. */
export interface Finding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly layer?: string;
  readonly message: string;
}

/** The whole report. */
export interface Report {
  readonly format: 'nnfab-report';
  readonly version: 1;
  readonly nnfab: string;
  readonly model: {
    readonly name: string;
    readonly sourceFile: string;
    readonly inputs: readonly string[];
    readonly outputs: readonly string[];
    /** True when every node carries types (a quantized graph). */
    readonly quantized: boolean;
    /** Target clock period (ns), when known from the configuration. */
    readonly clockPeriodNs?: number;
  };
  readonly layers: readonly LayerReport[];
  readonly totals: {
    readonly multiplications: number;
    readonly nonzeroMultiplications: number;
    readonly weights: number;
    readonly nonzeroWeights: number;
    readonly dsp: number;
    readonly lut: number;
    readonly latencyCycles: number;
  };
  /** Number of samples behind the activation profiles and errors (0: weights only). */
  readonly profiledSamples: number;
  readonly accuracy?: AccuracyInfo;
  readonly backends: readonly BackendResult[];
  readonly findings: readonly Finding[];
}
