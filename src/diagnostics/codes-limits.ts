/** E9xx: limits — models or data too large for the requested path, caught before any work starts. */
export const LIMIT_ERRORS = {
  E901: {
    message: 'layer "{node}" would be fully unrolled into {mults} parallel multiplications (reuse factor {reuse}), more than the limit {limit}',
    hint: 'Vivado/Vitis HLS stops unrolling beyond 4096: set ReuseFactor ≥ {minReuse} for this layer, use Strategy: Resource, or IOType: io_stream (the limit is NNFAB_MAX_UNROLL)',
  },
  E902: {
    message: 'emulating {batch} samples needs about {needMb} MB, more than the {haveMb} MB available',
    hint: 'predict smaller batches (split the input file, or pass fewer rows); without a trace only one chunk of samples is held at a time (the cap is NNFAB_MAX_MEMORY_MB)',
  },
  E903: {
    message: 'layer "{node}" declares {what} of {count} elements, more than the limit {limit}',
    hint: 'the model file is probably corrupt or not meant for hardware; check the layer sizes (the limit is NNFAB_MAX_ELEMENTS)',
  },
  E904: {
    message: 'reading the HDF5 file did not finish within {seconds} s',
    hint: 'the file is probably corrupt (libhdf5 can loop on damaged files); for a genuinely huge file raise the limit with NNFAB_H5_TIMEOUT_MS',
  },
  E905: {
    message: 'the HDF5 file is larger than nnfab reads: {reason}',
    hint: 'a Keras weights file this large is probably corrupt; check that it is the weights of the model',
  },
} as const;
