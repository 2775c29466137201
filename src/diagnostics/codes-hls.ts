/** E6xx: hls errors. */
export const HLS_ERRORS = {
  E601: { message: 'g++ failed to build the generated C simulation:\n{output}', hint: 'this usually means a bug in nnfab; report it with the model' },
  E602: { message: 'g++ was not found', hint: 'install a C++ compiler (Debian/Ubuntu: apt-get install g++) to run C simulation' },
  E603: {
    message: 'reuse factor {reuse} is not legal for layer "{node}" ({nIn} inputs × {nOut} outputs)',
    hint: 'legal reuse factors: {legal}',
  },
  E604: { message: 'layer "{node}" ({op}) is not supported by the HLS backend: {reason}', hint: 'supported: {supported}' },
  E605: { message: 'node "{node}" has no fixed-point types', hint: 'the graph must go through the precision passes before HLS conversion' },
  E606: { message: '{path} is not an nnfab HLS project: {reason}', hint: 'pass the directory written by `nnfab convert --backend vitis|vivado`' },
  E607: { message: 'the C simulation failed (exit status {status}):\n{output}', hint: 'check the input file matches the model input size' },
  E608: { message: 'input has {got} values per sample, the model expects {expected}', hint: 'give one row per sample with {expected} values' },
  E609: { message: 'no vendor reports found in {path}', hint: 'run the HLS synthesis (vitis-run/vivado_hls with build_prj.tcl) first, or pass a directory with *_csynth.xml / vivado_synth.rpt' },
  E610: { message: 'cannot parse the report {file}: {reason}', hint: 'the file may be truncated; rerun the synthesis' },
  E612: {
    message: 'the constant {value} needs more than 53 significant bits, which a C++ double literal cannot hold exactly',
    hint: 'use a weight/table type of at most 53 bits',
  },
  E611: { message: 'unknown backend "{backend}"', hint: 'choose one of: {choices}' },
} as const;
