// nnfab HLS kernel library: dense (fully connected) layers over the nonzero weights only.
// Weights are stored as a list of nonzero values w[k] with packed indices idx[k] = i·n_out + j, sorted by (i, j), so that
// every output accumulates its products in input-index order and a pruned weight costs no multiplier.
#ifndef NNFAB_DENSE_H
#define NNFAB_DENSE_H

#include "nnfab_common.h"

namespace nnfab {

/** Accumulator start values: the bias converted to accum_t (or zero). */
template <class CONFIG_T>
void dense_init(typename CONFIG_T::accum_t acc[CONFIG_T::n_out], const typename CONFIG_T::bias_t b[CONFIG_T::n_out]) {
  for (int j = 0; j < CONFIG_T::n_out; j++) {
#pragma HLS UNROLL
    acc[j] = CONFIG_T::has_bias ? (typename CONFIG_T::accum_t)b[j] : (typename CONFIG_T::accum_t)0;
  }
}

/** One multiply-accumulate: the exact product converted to accum_t, then the sum converted to accum_t. */
template <class CONFIG_T, class data_T>
inline void dense_mac(const data_T x[], typename CONFIG_T::accum_t acc[], const typename CONFIG_T::weight_t w[],
                      const typename CONFIG_T::index_t idx[], int k) {
  const unsigned p = (unsigned)idx[k];
  const unsigned i = p / CONFIG_T::n_out;
  const unsigned j = p % CONFIG_T::n_out;
  if (CONFIG_T::po2) {
    // power-of-two weight ±2^e: x·2^e into product_t (bits below its LSB are dropped), negated for negative weights
    typename CONFIG_T::product_t y;
    if (w[k] < 0) {
      y = x[i] * (-w[k]);
      y = -y;
    } else {
      y = x[i] * w[k];
    }
    acc[j] += (typename CONFIG_T::accum_t)y;
  } else {
    acc[j] += (typename CONFIG_T::accum_t)(x[i] * w[k]);
  }
}

/** Final conversion of the accumulators to the result type. */
template <class CONFIG_T, class res_T>
void dense_result(const typename CONFIG_T::accum_t acc[CONFIG_T::n_out], res_T y[CONFIG_T::n_out]) {
  for (int j = 0; j < CONFIG_T::n_out; j++) {
#pragma HLS UNROLL
    y[j] = (res_T)acc[j];
  }
}

/** Latency strategy: every nonzero product gets its own multiplier; the whole layer is one pipeline stage. */
template <class CONFIG_T, class data_T, class res_T>
void dense_latency(const data_T x[CONFIG_T::n_in], res_T y[CONFIG_T::n_out], const typename CONFIG_T::weight_t w[],
                   const typename CONFIG_T::index_t idx[], const typename CONFIG_T::bias_t b[CONFIG_T::n_out]) {
#pragma HLS INLINE
#pragma HLS PIPELINE II = CONFIG_T::reuse_factor
#pragma HLS ARRAY_PARTITION variable = x complete
#pragma HLS ARRAY_PARTITION variable = y complete
  typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
#pragma HLS ARRAY_PARTITION variable = acc complete
  dense_init<CONFIG_T>(acc, b);
  for (int k = 0; k < CONFIG_T::n_nonzero; k++) {
#pragma HLS UNROLL
    dense_mac<CONFIG_T>(x, acc, w, idx, k);
  }
  dense_result<CONFIG_T>(acc, y);
}

/**
 * Resource strategy: reuse_factor cycles per result, each cycle doing block_factor = ⌈nonzeros / R⌉ products on shared
 * multipliers; the weights live in (reshaped) block RAM. Products are taken in the same order as dense_latency.
 */
template <class CONFIG_T, class data_T, class res_T>
void dense_resource(const data_T x[CONFIG_T::n_in], res_T y[CONFIG_T::n_out], const typename CONFIG_T::weight_t w[],
                    const typename CONFIG_T::index_t idx[], const typename CONFIG_T::bias_t b[CONFIG_T::n_out]) {
#pragma HLS INLINE
#pragma HLS ARRAY_RESHAPE variable = w block factor = CONFIG_T::block_factor
#pragma HLS ARRAY_RESHAPE variable = idx block factor = CONFIG_T::block_factor
#pragma HLS ARRAY_PARTITION variable = x complete
  typename CONFIG_T::accum_t acc[CONFIG_T::n_out];
#pragma HLS ARRAY_PARTITION variable = acc complete
  dense_init<CONFIG_T>(acc, b);
  for (int r = 0; r < CONFIG_T::reuse_factor; r++) {
#pragma HLS PIPELINE II = 1 rewind
    for (int m = 0; m < CONFIG_T::block_factor; m++) {
#pragma HLS UNROLL
      const int k = r * CONFIG_T::block_factor + m;
      if (k < CONFIG_T::n_nonzero) dense_mac<CONFIG_T>(x, acc, w, idx, k);
    }
  }
  dense_result<CONFIG_T>(acc, y);
}

/** Dense with the strategy chosen by the configuration. */
template <class CONFIG_T, class data_T, class res_T>
void dense(const data_T x[CONFIG_T::n_in], res_T y[CONFIG_T::n_out], const typename CONFIG_T::weight_t w[],
           const typename CONFIG_T::index_t idx[], const typename CONFIG_T::bias_t b[CONFIG_T::n_out]) {
#pragma HLS INLINE
  if (CONFIG_T::strategy == resource) dense_resource<CONFIG_T>(x, y, w, idx, b);
  else dense_latency<CONFIG_T>(x, y, w, idx, b);
}

}  // namespace nnfab
#endif
