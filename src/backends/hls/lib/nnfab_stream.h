// nnfab HLS kernel library: io_stream adapters. Element-wise layers run pixel by pixel on the stream; layers that need
// the whole tensor (dense after a flatten, reshapes, softmax over a packet) buffer it.
#ifndef NNFAB_STREAM_H
#define NNFAB_STREAM_H

#include "nnfab_common.h"

namespace nnfab {

/** Apply an array kernel K (of CONFIG_T::n_in values) to each of n_pixels packets. */
template <class CONFIG_T, int N_PIXELS, class in_T, class out_T, class K>
void per_pixel(hls::stream<in_T> &in, hls::stream<out_T> &out, K kernel) {
  for (int p = 0; p < N_PIXELS; p++) {
#pragma HLS PIPELINE II = 1
    in_T a = in.read();
    out_T b;
    kernel(a.data, b.data);
    out.write(b);
  }
}

}  // namespace nnfab
#endif
