/** E9xx: limits — models or data too large for the requested path, caught before any work starts. */
export const LIMIT_ERRORS = {
  E904: {
    message: 'reading the HDF5 file did not finish within {seconds} s',
    hint: 'the file is probably corrupt (libhdf5 can loop on damaged files); for a genuinely huge file raise the limit with NNFAB_H5_TIMEOUT_MS',
  },
  E905: {
    message: 'the HDF5 file is larger than nnfab reads: {reason}',
    hint: 'a Keras weights file this large is probably corrupt; check that it is the weights of the model',
  },
} as const;
