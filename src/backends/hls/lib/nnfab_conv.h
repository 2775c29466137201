// nnfab HLS kernel library: convolution and pooling, channels-last, rank 1 (in_height = 1) or 2.
// A convolution is a dense layer applied to each output pixel's im2col window (filter rows, filter columns, channels),
// over the nonzero weights only (packed index = window_position·n_filt + filter).
#ifndef NNFAB_CONV_H
#define NNFAB_CONV_H

#include "nnfab_dense.h"

namespace nnfab {

/**
 * Gather the im2col window of output pixel (oh, ow); padding reads as zero. Input row ih is stored at row
 * ih % ROWS of x (ROWS = in_height for a whole image, or the line-buffer depth).
 */
template <class CONFIG_T, int ROWS, class data_T>
void conv_window(const data_T x[], data_T win[CONFIG_T::n_in], int oh, int ow) {
#pragma HLS INLINE
  for (int kh = 0; kh < CONFIG_T::filt_height; kh++) {
    for (int kw = 0; kw < CONFIG_T::filt_width; kw++) {
      const int ih = oh * CONFIG_T::stride_height + kh * CONFIG_T::dilation_height - CONFIG_T::pad_top;
      const int iw = ow * CONFIG_T::stride_width + kw * CONFIG_T::dilation_width - CONFIG_T::pad_left;
      const bool inside = ih >= 0 && ih < CONFIG_T::in_height && iw >= 0 && iw < CONFIG_T::in_width;
      for (int c = 0; c < CONFIG_T::n_chan; c++) {
#pragma HLS UNROLL
        const int k = (kh * CONFIG_T::filt_width + kw) * CONFIG_T::n_chan + c;
        win[k] = inside ? x[((ih % ROWS) * CONFIG_T::in_width + iw) * CONFIG_T::n_chan + c] : (data_T)0;
      }
    }
  }
}

/** Convolution, io_parallel: one dense evaluation per output pixel (reuse_factor applies to each). */
template <class CONFIG_T, class data_T, class res_T>
void conv(const data_T x[], res_T y[], const typename CONFIG_T::weight_t w[], const typename CONFIG_T::index_t idx[],
          const typename CONFIG_T::bias_t b[CONFIG_T::n_out]) {
  for (int oh = 0; oh < CONFIG_T::out_height; oh++) {
    for (int ow = 0; ow < CONFIG_T::out_width; ow++) {
#pragma HLS PIPELINE II = CONFIG_T::reuse_factor
      data_T win[CONFIG_T::n_in];
      conv_window<CONFIG_T, CONFIG_T::in_height>(x, win, oh, ow);
      dense<CONFIG_T>(win, y + (oh * CONFIG_T::out_width + ow) * CONFIG_T::n_out, w, idx, b);
    }
  }
}

/**
 * Convolution, io_stream: pixels arrive row by row into a line buffer of the last (filt_height − 1)·dilation + 1 input
 * rows; each output row is computed as soon as the last input row it needs is in (the rows it needs are then exactly
 * the ones in the buffer).
 */
template <class CONFIG_T, class data_T, class res_T>
void conv_stream(hls::stream<data_T> &in, hls::stream<res_T> &out, const typename CONFIG_T::weight_t w[],
                 const typename CONFIG_T::index_t idx[], const typename CONFIG_T::bias_t b[CONFIG_T::n_out]) {
  typedef typename data_T::value_type in_t;
  typedef typename res_T::value_type out_t;
  static const int depth = (CONFIG_T::filt_height - 1) * CONFIG_T::dilation_height + 1;
  static const int lines = depth < CONFIG_T::in_height ? depth : CONFIG_T::in_height;
  in_t rows[lines * CONFIG_T::in_width * CONFIG_T::n_chan];
#pragma HLS ARRAY_PARTITION variable = rows complete dim = 0
  int next_out = 0;
  for (int ih = 0; ih < CONFIG_T::in_height; ih++) {
    for (int iw = 0; iw < CONFIG_T::in_width; iw++) {
#pragma HLS PIPELINE II = 1
      data_T pk = in.read();
      for (int c = 0; c < CONFIG_T::n_chan; c++) rows[((ih % lines) * CONFIG_T::in_width + iw) * CONFIG_T::n_chan + c] = pk[c];
    }
    // Emit every output row whose window ends at or before this input row.
    while (next_out < CONFIG_T::out_height &&
           (next_out * CONFIG_T::stride_height + (CONFIG_T::filt_height - 1) * CONFIG_T::dilation_height - CONFIG_T::pad_top <= ih ||
            ih == CONFIG_T::in_height - 1)) {
      for (int ow = 0; ow < CONFIG_T::out_width; ow++) {
        in_t win[CONFIG_T::n_in];
        out_t res[CONFIG_T::n_out];
        conv_window<CONFIG_T, lines>(rows, win, next_out, ow);
        dense<CONFIG_T>(win, res, w, idx, b);
        res_T pk;
        for (int f = 0; f < CONFIG_T::n_out; f++) pk[f] = res[f];
        out.write(pk);
      }
      next_out++;
    }
  }
}

/**
 * Pooling of one output pixel (every channel) with input row ih stored at row ih % ROWS of x: max keeps the input
 * value (returned through accum_t); average sums in accum_t and divides by the count (truncation toward zero).
 */
template <class CONFIG_T, int ROWS, class data_T, class res_T>
void pool_pixel(const data_T x[], res_T y[CONFIG_T::n_chan], int oh, int ow) {
#pragma HLS INLINE
  for (int c = 0; c < CONFIG_T::n_chan; c++) {
    data_T best = 0;
    typename CONFIG_T::accum_t sum = 0;
    int count = 0;
    for (int kh = 0; kh < CONFIG_T::pool_height; kh++) {
      for (int kw = 0; kw < CONFIG_T::pool_width; kw++) {
        const int ih = oh * CONFIG_T::stride_height + kh - CONFIG_T::pad_top;
        const int iw = ow * CONFIG_T::stride_width + kw - CONFIG_T::pad_left;
        const bool inside = ih >= 0 && ih < CONFIG_T::in_height && iw >= 0 && iw < CONFIG_T::in_width;
        if (!inside) {
          if (CONFIG_T::count_pad) count++;
          continue;
        }
        const data_T v = x[((ih % ROWS) * CONFIG_T::in_width + iw) * CONFIG_T::n_chan + c];
        if (count == 0 || v > best) best = v;
        sum += v;
        count++;
      }
    }
    if (CONFIG_T::is_max) y[c] = (res_T)(typename CONFIG_T::accum_t)best;
    else y[c] = (res_T)(sum / (count == 0 ? 1 : count));
  }
}

/** Pooling, io_parallel. */
template <class CONFIG_T, class data_T, class res_T>
void pool(const data_T x[], res_T y[]) {
  for (int oh = 0; oh < CONFIG_T::out_height; oh++) {
    for (int ow = 0; ow < CONFIG_T::out_width; ow++) {
#pragma HLS PIPELINE
      pool_pixel<CONFIG_T, CONFIG_T::in_height>(x, y + (oh * CONFIG_T::out_width + ow) * CONFIG_T::n_chan, oh, ow);
    }
  }
}

/** Pooling, io_stream: a line buffer of pool_height rows, output rows emitted as soon as their last row is in. */
template <class CONFIG_T, class data_T, class res_T>
void pool_stream(hls::stream<data_T> &in, hls::stream<res_T> &out) {
  typedef typename data_T::value_type in_t;
  static const int lines = CONFIG_T::pool_height < CONFIG_T::in_height ? CONFIG_T::pool_height : CONFIG_T::in_height;
  in_t rows[lines * CONFIG_T::in_width * CONFIG_T::n_chan];
#pragma HLS ARRAY_PARTITION variable = rows complete dim = 0
  int next_out = 0;
  for (int ih = 0; ih < CONFIG_T::in_height; ih++) {
    for (int iw = 0; iw < CONFIG_T::in_width; iw++) {
#pragma HLS PIPELINE II = 1
      data_T pk = in.read();
      for (int c = 0; c < CONFIG_T::n_chan; c++) rows[((ih % lines) * CONFIG_T::in_width + iw) * CONFIG_T::n_chan + c] = pk[c];
    }
    while (next_out < CONFIG_T::out_height &&
           (next_out * CONFIG_T::stride_height + CONFIG_T::pool_height - 1 - CONFIG_T::pad_top <= ih || ih == CONFIG_T::in_height - 1)) {
      for (int ow = 0; ow < CONFIG_T::out_width; ow++) {
        res_T pk;
        pool_pixel<CONFIG_T, lines>(rows, pk.data, next_out, ow);
        out.write(pk);
      }
      next_out++;
    }
  }
}

}  // namespace nnfab
#endif
