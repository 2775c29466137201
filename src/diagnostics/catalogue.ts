/**
 * The one catalogue of user errors. Each area of nnfab owns a numbered block in its own file;
 * this file merges them. Codes are stable: never reuse or renumber one.
 *   E0xx general / CLI / files        E1xx fixed-point types and values
 *   E2xx ONNX / QONNX import          E3xx Keras / QKeras / TF.js import
 *   E4xx configuration                E5xx passes and emulator
 *   E6xx HLS C++ backend              E7xx Verilog backend, simulation, synthesis
 *   E8xx report and demo              E9xx limits and reliability
 */
import { GENERAL_ERRORS } from './codes-general.js';
import { FIXED_ERRORS } from './codes-fixed.js';
import { ONNX_ERRORS } from './codes-onnx.js';
import { KERAS_ERRORS } from './codes-keras.js';
import { CONFIG_ERRORS } from './codes-config.js';
import { EMULATOR_ERRORS } from './codes-emulator.js';
import { HLS_ERRORS } from './codes-hls.js';
import { RTL_ERRORS } from './codes-rtl.js';
import { REPORT_ERRORS } from './codes-report.js';
import { LIMIT_ERRORS } from './codes-limits.js';

/** A catalogue entry: message template and hint, with `{param}` placeholders. */
export interface CatalogueEntry {
  readonly message: string;
  readonly hint: string;
}

export const CATALOGUE = {
  ...GENERAL_ERRORS,
  ...FIXED_ERRORS,
  ...ONNX_ERRORS,
  ...KERAS_ERRORS,
  ...CONFIG_ERRORS,
  ...EMULATOR_ERRORS,
  ...HLS_ERRORS,
  ...RTL_ERRORS,
  ...REPORT_ERRORS,
  ...LIMIT_ERRORS,
} as const satisfies Record<string, CatalogueEntry>;

/** Every catalogued error code. */
export type ErrorCode = keyof typeof CATALOGUE;
