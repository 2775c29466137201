// nnfab HLS kernel library: batch normalization, merges, constants and data movement (reshape, transpose, pad, slice,
// upsample, concatenate as index maps computed by nnfab).
#ifndef NNFAB_MERGE_H
#define NNFAB_MERGE_H

#include "nnfab_common.h"

namespace nnfab {

/** y = x·scale[c] + bias[c], one rounding into the result type; c is the channel (last axis). */
template <class CONFIG_T, class data_T, class res_T>
void batchnorm(const data_T x[CONFIG_T::n_in], res_T y[CONFIG_T::n_in], const typename CONFIG_T::scale_t scale[CONFIG_T::n_chan],
               const typename CONFIG_T::bias_t bias[CONFIG_T::n_chan]) {
#pragma HLS PIPELINE
  for (int i = 0; i < CONFIG_T::n_in; i++) {
#pragma HLS UNROLL
    const int c = i % CONFIG_T::n_chan;
    y[i] = (res_T)(x[i] * scale[c] + bias[c]);
  }
}

/** Element-wise merge of two inputs: add, sub, mul, avg, max, min (computed exactly, then converted). */
template <class CONFIG_T, class a_T, class b_T, class res_T>
void merge(const a_T a[CONFIG_T::n_in], const b_T b[CONFIG_T::n_in], res_T y[CONFIG_T::n_in]) {
#pragma HLS PIPELINE
  const ap_ufixed<1, 0> half = 0.5;
  for (int i = 0; i < CONFIG_T::n_in; i++) {
#pragma HLS UNROLL
    switch (CONFIG_T::op) {
      case 0: y[i] = (res_T)(a[i] + b[i]); break;
      case 1: y[i] = (res_T)(a[i] - b[i]); break;
      case 2: y[i] = (res_T)(a[i] * b[i]); break;
      case 3: y[i] = (res_T)((a[i] + b[i]) * half); break;
      case 4: y[i] = a[i] >= b[i] ? (res_T)a[i] : (res_T)b[i]; break;
      default: y[i] = a[i] <= b[i] ? (res_T)a[i] : (res_T)b[i]; break;
    }
  }
}

/** y[k] = x[map[k]], or zero where map[k] < 0 (reshape, transpose, pad, slice, upsample). */
template <class CONFIG_T, class data_T, class res_T>
void gather(const data_T x[], res_T y[CONFIG_T::n_out], const int map[CONFIG_T::n_out]) {
#pragma HLS PIPELINE
  for (int k = 0; k < CONFIG_T::n_out; k++) {
#pragma HLS UNROLL
    y[k] = map[k] < 0 ? (res_T)0 : (res_T)x[map[k]];
  }
}

/** Concatenation, one input at a time: y[pos[i]] = x[i] converted to the result type. */
template <int N, class data_T, class res_T>
void scatter(const data_T x[N], res_T y[], const int pos[N]) {
#pragma HLS PIPELINE
  for (int i = 0; i < N; i++) {
#pragma HLS UNROLL
    y[pos[i]] = (res_T)x[i];
  }
}

/** Element-wise arithmetic with a constant tensor c (broadcast by nnfab): x∘c or c∘x. */
template <class CONFIG_T, class data_T, class res_T>
void constant_op(const data_T x[CONFIG_T::n_in], res_T y[CONFIG_T::n_in], const typename CONFIG_T::const_t c[CONFIG_T::n_in]) {
#pragma HLS PIPELINE
  for (int i = 0; i < CONFIG_T::n_in; i++) {
#pragma HLS UNROLL
    switch (CONFIG_T::op) {
      case 0: y[i] = (res_T)(x[i] + c[i]); break;
      case 1: y[i] = CONFIG_T::constant_first ? (res_T)(c[i] - x[i]) : (res_T)(x[i] - c[i]); break;
      default: y[i] = (res_T)(x[i] * c[i]); break;
    }
  }
}

}  // namespace nnfab
#endif
