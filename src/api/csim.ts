/**
 * predict(x, { backend }) for a converted model: 'emulator' (default, in process) or 'csim' (the generated HLS C++
 * built with g++ and run; same bits). The HLS helpers live in hls.ts; this is the one-call form.
 */
import type { IoType } from '../ir/config.js';
import type { ModelInput, NnfabModel } from './model.js';
import { predictCsim } from './hls.js';

/** Where predictions are computed. */
export type PredictBackend = 'emulator' | 'csim';

/** Options of predict. */
export interface PredictWithOptions {
  readonly backend?: PredictBackend;
  /** io type of the generated project for 'csim' (default: the model's configuration). */
  readonly ioType?: IoType;
  /** Cache directory for 'csim' projects (default: under the OS temp dir). */
  readonly cacheDir?: string;
}

/** Predictions of every model output, from the emulator or from the compiled C simulation. */
export async function predict(model: NnfabModel, x: ModelInput, opts: PredictWithOptions = {}): Promise<Float64Array[]> {
  if ((opts.backend ?? 'emulator') === 'emulator') return model.predictAll(x);
  return predictCsim(model, x, { ...(opts.ioType ? { ioType: opts.ioType } : {}), ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) });
}
