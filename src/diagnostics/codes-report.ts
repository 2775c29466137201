/** E8xx: report errors. */
export const REPORT_ERRORS = {
  E801: { message: 'cannot read the plotting library {package}: {reason}', hint: 'reinstall nnfab\'s dependencies (`npm ci`); the report page embeds this library so that it works offline' },
  E802: { message: 'the example directory {path} lacks {file}', hint: 'an example holds model.json (or model.onnx), test-inputs.npy and optionally labels.npy and config.yml' },
} as const;
