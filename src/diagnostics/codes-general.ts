/** E0xx: general, command line, files. */
export const GENERAL_ERRORS = {
  E001: { message: 'file not found: {path}', hint: 'check the path; relative paths are resolved from {base}' },
  E002: { message: 'cannot read {path}: {reason}', hint: 'check that the file exists and is readable' },
  E003: { message: 'invalid command-line option {option}: {reason}', hint: 'see `nnfab {command} --help`' },
  E004: { message: 'unrecognised model file {path}', hint: 'nnfab reads .onnx, .json (+ --weights .h5), .h5, .keras and TF.js model.json' },
  E005: { message: 'output directory {path} exists and was not created by nnfab', hint: 'choose another --out, or pass --force (nnfab never deletes files it did not write)' },
  E006: { message: 'cannot write {path}: {reason}', hint: 'check permissions and free disk space' },
  E007: { message: 'input data {path}: {reason}', hint: 'inputs are .npy (float32/float64, shape (n, ...)), .csv or hls4ml .dat (one sample per line, space separated)' },
  E008: { message: 'input has {got} features per sample but the model expects {expected}', hint: 'the model input shape is {shape}' },
  E009: { message: 'required tool {tool} is not installed', hint: '{install}' },
  E010: { message: 'external tool {tool} failed: {reason}', hint: 'the full log is in {log}' },
} as const;
