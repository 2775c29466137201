// nnfab HLS kernel library: shared definitions. Hand-written for nnfab; uses only the public ap_fixed / hls::stream API.
#ifndef NNFAB_COMMON_H
#define NNFAB_COMMON_H

#include <ap_fixed.h>
#include <ap_int.h>
#include <hls_stream.h>

namespace nnfab {

/** One stream element of io_stream designs: the N values of one pixel (or of a whole vector). */
template <class T, int N>
struct packet {
  typedef T value_type;
  T data[N];
  static const int size = N;
  T &operator[](int i) { return data[i]; }
  const T &operator[](int i) const { return data[i]; }
};

/** Strategies of the matrix kernels (hls4ml's vocabulary). */
enum strategy_t { latency = 0, resource = 1 };

/** Index of a lookup table from the top `bits` bits of a fixed-point value's W-bit raw pattern (unsigned). */
template <int W, class T>
inline unsigned top_bits_index(const T &v, int bits) {
  return (unsigned)(v.range(W - 1, W - bits).to_uint());
}

/** Clamp an integer index into [0, n − 1]. */
inline int clamp_index(int i, int n) { return i < 0 ? 0 : (i > n - 1 ? n - 1 : i); }

/** Read a whole tensor (n_pixels packets of C values) from a stream into an array. */
template <class T, int C, class A>
void stream_to_array(hls::stream<packet<T, C> > &in, A out[], int n_pixels) {
  for (int p = 0; p < n_pixels; p++) {
#pragma HLS PIPELINE II = 1
    packet<T, C> pk = in.read();
    for (int c = 0; c < C; c++) {
#pragma HLS UNROLL
      out[p * C + c] = pk[c];
    }
  }
}

/** Write an array as n_pixels packets of C values. */
template <class T, int C, class A>
void array_to_stream(const A in[], hls::stream<packet<T, C> > &out, int n_pixels) {
  for (int p = 0; p < n_pixels; p++) {
#pragma HLS PIPELINE II = 1
    packet<T, C> pk;
    for (int c = 0; c < C; c++) {
#pragma HLS UNROLL
      pk[c] = in[p * C + c];
    }
    out.write(pk);
  }
}

}  // namespace nnfab
#endif
