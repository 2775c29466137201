// nnfab's own fixed-point types for local C simulation of generated HLS projects.
// Written from the documented semantics of ap_fixed<W,I,Q,O,N>, ap_ufixed, ap_int<W> and ap_uint<W>; only the public
// subset that nnfab's generated code and kernel library use. Values are exact: raw integers scaled by 2^-F, stored in
// a 128-bit integer, so every width up to 128 bits (127 unsigned) is exact. Arithmetic results grow as in ap_fixed
// (add: +1 integer bit, mul: widths add) and are never rounded; rounding and overflow happen only on conversion into
// a type, with that type's Q/O/N modes.
#ifndef NNFAB_AP_CORE_H
#define NNFAB_AP_CORE_H

#include <cmath>
#include <cstdint>
#include <type_traits>

enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };

namespace nnfab_ap {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr int cmax(int a, int b) { return a > b ? a : b; }

// Largest and smallest raw value of a W-bit signed/unsigned integer.
constexpr i128 raw_max(int w, bool s) { return (i128)((((u128)1) << (s ? w - 1 : w)) - 1); }
constexpr i128 raw_min(int w, bool s) { return s ? -raw_max(w, s) - 1 : 0; }

// floor(v / 2^k) for k >= 0.
constexpr inline i128 floor_shift(i128 v, int k) {
  if (k == 0) return v;
  if (k >= 127) return v < 0 ? -1 : 0;
  return v >> k;
}

// Keep the low w bits of v (two's complement), sign-extended when s.
constexpr inline i128 wrap_bits(u128 v, int w, bool s) {
  if (w < 128) {
    u128 mask = (((u128)1) << w) - 1;
    v &= mask;
    if (s && ((v >> (w - 1)) & 1)) v |= ~mask;
  }
  return (i128)v;
}

// Drop k > 0 fraction bits of raw with quantization mode q; the result is exact-rounded and unbounded.
constexpr inline i128 quantize_shift(i128 raw, int k, ap_q_mode q) {
  if (k >= 128) {
    // |raw| < 2^127 <= 2^(k-1): the value lies strictly inside (-1/2, 1/2); its sign decides every mode.
    raw = raw < 0 ? -1 : (raw > 0 ? 1 : 0);
    k = 127;
  }
  const i128 fl = raw >> k;
  const u128 rem = ((u128)raw) & ((((u128)1) << k) - 1);
  if (rem == 0) return fl;
  const u128 half = ((u128)1) << (k - 1);
  const bool neg = raw < 0;
  switch (q) {
    case AP_TRN: return fl;
    case AP_TRN_ZERO: return neg ? fl + 1 : fl;
    case AP_RND: return rem >= half ? fl + 1 : fl;
    case AP_RND_ZERO: return rem > half || (rem == half && neg) ? fl + 1 : fl;
    case AP_RND_MIN_INF: return rem > half ? fl + 1 : fl;
    case AP_RND_INF: return rem > half || (rem == half && !neg) ? fl + 1 : fl;
    case AP_RND_CONV: return rem > half || (rem == half && (fl & 1)) ? fl + 1 : fl;
  }
  return fl;
}

// Lowest raw value the overflow mode lets through: AP_SAT_SYM on a signed type wider than 1 bit excludes the most
// negative pattern (it counts as an underflow and becomes −max).
constexpr inline i128 low_raw(int w, bool s, ap_o_mode o) { return o == AP_SAT_SYM && s && w > 1 ? -raw_max(w, s) : raw_min(w, s); }

// Set bits lo..hi of u to ones or zeros.
constexpr inline u128 set_bits(u128 u, int lo, int hi, bool ones) {
  if (hi < lo) return u;
  const int n = hi - lo + 1;
  const u128 m = (n >= 128 ? ~(u128)0 : ((((u128)1) << n) - 1)) << lo;
  return ones ? (u | m) : (u & ~m);
}

// Overflow handling of an out-of-range rounded value: `bits` holds its low bits (two's complement), `neg` its sign,
// `floor_w` bit W of the value before the rounding increment (AP_WRAP_SM reads it).
constexpr inline i128 overflow(u128 bits, bool neg, bool floor_w, int w, bool s, ap_o_mode o, int n) {
  const i128 mx = raw_max(w, s), lo = low_raw(w, s, o);
  switch (o) {
    case AP_SAT:
    case AP_SAT_SYM: return neg ? lo : mx;
    case AP_SAT_ZERO: return 0;
    case AP_WRAP: {
      u128 u = (u128)wrap_bits(bits, w, false);
      if (n > 0) {
        if (!s) {
          u = set_bits(u, w - n, w - 1, true);
        } else {
          u = set_bits(u, w - 1, w - 1, neg);
          if (n > 1) u = set_bits(u, w - n, w - 2, !neg);
        }
      }
      return wrap_bits(u, w, s);
    }
    case AP_WRAP_SM: {
      // Unsigned types follow the same bit rules (as the TypeScript core defines them).
      u128 u = (u128)wrap_bits(bits, w, false);
      const u128 all = w >= 128 ? ~(u128)0 : ((((u128)1) << w) - 1);
      const bool msb = ((u >> (w - 1)) & 1) != 0;
      if (n == 0) return wrap_bits(floor_w != msb ? u ^ all : u, w, s);
      if (n == 1) {
        if (neg != msb) u ^= all;
      } else {
        const bool l_no = ((u >> (w - n)) & 1) != 0;
        if (l_no == neg) u ^= all;
        u = set_bits(u, w - n, w - 2, !neg);
      }
      return wrap_bits(set_bits(u, w - 1, w - 1, neg), w, s);
    }
  }
  return wrap_bits(bits, w, s);
}

// Convert raw (value raw·2^-srcF) into a W-bit type with F fraction bits, modes q/o/n. d = F − srcF.
constexpr inline i128 convert(i128 raw, int d, int w, bool s, ap_q_mode q, ap_o_mode o, int n) {
  const i128 mx = raw_max(w, s), mn = low_raw(w, s, o);
  if (d < 0) {
    const i128 v = quantize_shift(raw, -d, q);
    if (v >= mn && v <= mx) return v;
    const i128 fl = floor_shift(raw, -d);
    const bool floor_w = w < 128 ? ((((u128)fl) >> w) & 1) != 0 : fl < 0;
    return overflow((u128)v, v < 0, floor_w, w, s, o, n);
  }
  // Exact value raw·2^d: compare against the range without shifting out of 128 bits.
  const bool hi = raw > floor_shift(mx, d);
  const bool lo = raw < -floor_shift(-mn, d);
  const u128 shifted = d >= 128 ? 0 : ((u128)raw) << d;
  if (!hi && !lo) return (i128)shifted;
  bool floor_w = false;  // bit W of raw·2^d
  if (w >= 128) floor_w = raw < 0;
  else if (w - d < 0) floor_w = false;  // one of the zeros shifted in
  else if (w - d >= 127) floor_w = raw < 0;
  else floor_w = ((((u128)raw) >> (w - d)) & 1) != 0;
  return overflow(shifted, raw < 0, floor_w, w, s, o, n);
}

// Exact three-way comparison of a·2^-fa and b·2^-fb.
constexpr inline int compare(i128 a, int fa, i128 b, int fb) {
  if (fa == fb) return a < b ? -1 : (a > b ? 1 : 0);
  if (fa > fb) return -compare(b, fb, a, fa);
  // compare a·2^d with b, d = fb − fa > 0
  const int d = fb - fa;
  const i128 qb = floor_shift(b, d);
  if (a > qb) return 1;
  if (a < qb) return -1;
  const bool exact = d >= 127 ? b == 0 || (b == (i128)(((u128)1) << 127) && d == 127) : (((u128)b) & ((((u128)1) << d) - 1)) == 0;
  return exact ? 0 : -1;
}

// A double as m·2^e with an integer m (|m| < 2^53). NaN reads as 0; ±infinity as ±1·2^1024, the value its bit
// pattern gives when read as a normal number (exponent field 2047 with the implicit one). Written with exact
// power-of-two scalings so that it is a constant expression: constant weight tables are then built by the compiler.
constexpr inline void split_double(double x, i128 &m, int &e) {
  m = 0;
  e = 0;
  if (x != x || x == 0) return;
  const bool neg = x < 0;
  double a = neg ? -x : x;
  if (a > 1.7976931348623157e308) {
    m = neg ? -1 : 1;
    e = 1024;
    return;
  }
  const double two32 = 4294967296.0, two52 = 4503599627370496.0, two53 = 9007199254740992.0;
  while (a >= two53 * two32) { a /= two32; e += 32; }
  while (a >= two53) { a /= 2; e += 1; }
  // subnormal inputs: scale up by powers of two (exact) down to the smallest exponent
  while (a < two52 / two32 && e > -1074 + 32) { a *= two32; e -= 32; }
  while (a < two52 && e > -1074) { a *= 2; e -= 1; }
  const long long q = (long long)a;
  m = neg ? -(i128)q : (i128)q;
}

// Conversion of a double (a constant expression: constant tables are built at compile time).
constexpr inline i128 convert_double(double x, int f, int w, bool s, ap_q_mode q, ap_o_mode o, int n) {
  i128 m = 0;
  int e = 0;
  split_double(x, m, e);
  return convert(m, f + e, w, s, q, o, n);
}

} // namespace nnfab_ap

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
struct ap_fixed_base;

namespace nnfab_ap {
// The exact ap_fixed_base type of an integral C++ type (as ap_fixed treats int operands).
template <class T>
struct int_type {
  typedef ap_fixed_base<8 * (int)sizeof(T) + (std::is_same<T, bool>::value ? 1 - 8 * (int)sizeof(T) : 0),
                        8 * (int)sizeof(T) + (std::is_same<T, bool>::value ? 1 - 8 * (int)sizeof(T) : 0),
                        std::is_signed<T>::value, AP_TRN, AP_WRAP, 0>
      type;
};
template <class T>
using enable_int = typename std::enable_if<std::is_integral<T>::value, int>::type;
} // namespace nnfab_ap

/** The common implementation of ap_fixed, ap_ufixed, ap_int and ap_uint. */
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
struct ap_fixed_base {
  static_assert(W >= 1, "ap_fixed width must be positive");
  static_assert(S ? W <= 128 : W <= 127, "nnfab's simulation header supports widths up to 128 bits (127 unsigned)");
  static const int width = W;
  static const int iwidth = I;
  static const int fwidth = W - I;
  static const bool sign_flag = S;

  // Raw value, kept in the narrowest integer that holds the width (always within the type's range).
  typename std::conditional<(S ? W <= 64 : W <= 63), long long, nnfab_ap::i128>::type V;

  constexpr ap_fixed_base() : V(0) {}
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  constexpr ap_fixed_base(const ap_fixed_base<W2, I2, S2, Q2, O2, N2> &o)
      : V(nnfab_ap::convert(o.V, (W - I) - (W2 - I2), W, S, Q, O, N)) {}
  constexpr ap_fixed_base(double x) : V(nnfab_ap::convert_double(x, W - I, W, S, Q, O, N)) {}
  constexpr ap_fixed_base(float x) : ap_fixed_base((double)x) {}
  template <class T, nnfab_ap::enable_int<T> = 0>
  constexpr ap_fixed_base(T x) : V(nnfab_ap::convert((nnfab_ap::i128)x, W - I, W, S, Q, O, N)) {}

  /** Build from a raw integer already inside the range (nnfab-internal). */
  static ap_fixed_base nnfab_raw(nnfab_ap::i128 r) {
    ap_fixed_base x;
    x.V = r;
    return x;
  }

  double to_double() const { return std::ldexp((double)V, -(W - I)); }
  float to_float() const { return (float)to_double(); }
  // Conversion to an integer truncates toward zero.
  nnfab_ap::i128 nnfab_trunc() const {
    const int f = W - I;
    if (f <= 0) return f <= -127 ? 0 : (nnfab_ap::i128)V << -f;
    const nnfab_ap::i128 fl = nnfab_ap::floor_shift(V, f);
    return (V < 0 && nnfab_ap::compare(fl, 0, V, f) != 0) ? fl + 1 : fl;
  }
  int to_int() const { return (int)nnfab_trunc(); }
  unsigned to_uint() const { return (unsigned)nnfab_trunc(); }
  long to_long() const { return (long)nnfab_trunc(); }
  unsigned long to_ulong() const { return (unsigned long)nnfab_trunc(); }
  long long to_int64() const { return (long long)nnfab_trunc(); }
  unsigned long long to_uint64() const { return (unsigned long long)nnfab_trunc(); }
  int length() const { return W; }

  /** Bit i of the raw two's-complement representation. */
  bool operator[](int i) const { return ((((nnfab_ap::u128)V) >> i) & 1) != 0; }
  bool get_bit(int i) const { return (*this)[i]; }
  /** Raw bits hi..lo as an unsigned integer (read-only). */
  ap_fixed_base<W, W, false, AP_TRN, AP_WRAP, 0> range(int hi, int lo) const {
    const int n = hi - lo + 1;
    nnfab_ap::u128 bits = ((nnfab_ap::u128)V) >> lo;
    if (n < 128) bits &= (((nnfab_ap::u128)1) << n) - 1;
    return ap_fixed_base<W, W, false, AP_TRN, AP_WRAP, 0>::nnfab_raw((nnfab_ap::i128)bits);
  }
  ap_fixed_base<W, W, false, AP_TRN, AP_WRAP, 0> range() const { return range(W - 1, 0); }
  bool is_neg() const { return S && V < 0; }

  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_fixed_base &operator+=(const ap_fixed_base<W2, I2, S2, Q2, O2, N2> &o);
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_fixed_base &operator-=(const ap_fixed_base<W2, I2, S2, Q2, O2, N2> &o);
  template <int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2>
  ap_fixed_base &operator*=(const ap_fixed_base<W2, I2, S2, Q2, O2, N2> &o);

  // Shifts keep the type: bits shifted out at the top are lost, bits shifted out at the bottom are truncated.
  ap_fixed_base operator<<(int sh) const {
    if (sh < 0) return *this >> -sh;
    return nnfab_raw(nnfab_ap::wrap_bits(sh >= 128 ? 0 : ((nnfab_ap::u128)V) << sh, W, S));
  }
  ap_fixed_base operator>>(int sh) const {
    if (sh < 0) return *this << -sh;
    return nnfab_raw(nnfab_ap::floor_shift(V, sh));
  }
};

#endif
