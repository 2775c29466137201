// nnfab's fixed-point types for local C simulation: exact arithmetic operators with ap_fixed's result-type growth,
// and the public class templates ap_fixed, ap_ufixed, ap_int, ap_uint (see nnfab_ap_core.h for the conversions).
#ifndef NNFAB_AP_OPS_H
#define NNFAB_AP_OPS_H

#include "nnfab_ap_core.h"

namespace nnfab_ap {
// Result types of exact arithmetic, as ap_fixed grows them.
template <int W1, int I1, bool S1, int W2, int I2, bool S2>
struct growth {
  static const int F = cmax(W1 - I1, W2 - I2);
  static const int plus_i = cmax(I1 + (S2 && !S1), I2 + (S1 && !S2)) + 1;
  typedef ap_fixed_base<plus_i + F, plus_i, S1 || S2, AP_TRN, AP_WRAP, 0> plus;
  typedef ap_fixed_base<plus_i + F, plus_i, true, AP_TRN, AP_WRAP, 0> minus;
  typedef ap_fixed_base<W1 + W2, I1 + I2, S1 || S2, AP_TRN, AP_WRAP, 0> mult;
  // Division by an integer (F2 = 0): the dividend's fraction bits, truncated toward zero.
  typedef ap_fixed_base<W1 + S2, I1 + S2, S1 || S2, AP_TRN, AP_WRAP, 0> div;
};
// Raw value of x aligned to f fraction bits (f >= x's fraction bits; exact because result types are wide enough).
template <class X>
i128 align(const X &x, int f) { return (i128)x.V << (f - X::fwidth); }
} // namespace nnfab_ap

#define NNFAB_AP_T1 int W1, int I1, bool S1, ap_q_mode Q1, ap_o_mode O1, int N1
#define NNFAB_AP_T2 int W2, int I2, bool S2, ap_q_mode Q2, ap_o_mode O2, int N2
#define NNFAB_AP_A ap_fixed_base<W1, I1, S1, Q1, O1, N1>
#define NNFAB_AP_B ap_fixed_base<W2, I2, S2, Q2, O2, N2>
#define NNFAB_AP_G typename nnfab_ap::growth<W1, I1, S1, W2, I2, S2>

template <NNFAB_AP_T1, NNFAB_AP_T2>
inline NNFAB_AP_G::plus operator+(const NNFAB_AP_A &a, const NNFAB_AP_B &b) {
  typedef NNFAB_AP_G::plus R;
  return R::nnfab_raw(nnfab_ap::align(a, R::fwidth) + nnfab_ap::align(b, R::fwidth));
}
template <NNFAB_AP_T1, NNFAB_AP_T2>
inline NNFAB_AP_G::minus operator-(const NNFAB_AP_A &a, const NNFAB_AP_B &b) {
  typedef NNFAB_AP_G::minus R;
  return R::nnfab_raw(nnfab_ap::align(a, R::fwidth) - nnfab_ap::align(b, R::fwidth));
}
template <NNFAB_AP_T1, NNFAB_AP_T2>
inline NNFAB_AP_G::mult operator*(const NNFAB_AP_A &a, const NNFAB_AP_B &b) {
  typedef NNFAB_AP_G::mult R;
  return R::nnfab_raw((nnfab_ap::i128)a.V * b.V);
}
template <NNFAB_AP_T1, NNFAB_AP_T2>
inline NNFAB_AP_G::div operator/(const NNFAB_AP_A &a, const NNFAB_AP_B &b) {
  static_assert(W2 == I2, "nnfab's simulation header divides fixed-point values by integers only");
  typedef NNFAB_AP_G::div R;
  return R::nnfab_raw(b.V == 0 ? 0 : (nnfab_ap::i128)a.V / b.V);
}
template <NNFAB_AP_T1>
inline ap_fixed_base<W1 + 1, I1 + 1, true, AP_TRN, AP_WRAP, 0> operator-(const NNFAB_AP_A &a) {
  return ap_fixed_base<W1 + 1, I1 + 1, true, AP_TRN, AP_WRAP, 0>::nnfab_raw(-(nnfab_ap::i128)a.V);
}

#define NNFAB_AP_CMP(op)                                                                            \
  template <NNFAB_AP_T1, NNFAB_AP_T2>                                                               \
  inline bool operator op(const NNFAB_AP_A &a, const NNFAB_AP_B &b) {                               \
    return nnfab_ap::compare(a.V, W1 - I1, b.V, W2 - I2) op 0;                                      \
  }                                                                                                 \
  template <NNFAB_AP_T1, class T, nnfab_ap::enable_int<T> = 0>                                      \
  inline bool operator op(const NNFAB_AP_A &a, T b) {                                               \
    return a op typename nnfab_ap::int_type<T>::type(b);                                            \
  }                                                                                                 \
  template <NNFAB_AP_T1, class T, nnfab_ap::enable_int<T> = 0>                                      \
  inline bool operator op(T a, const NNFAB_AP_A &b) {                                               \
    return typename nnfab_ap::int_type<T>::type(a) op b;                                            \
  }
NNFAB_AP_CMP(==)
NNFAB_AP_CMP(!=)
NNFAB_AP_CMP(<)
NNFAB_AP_CMP(<=)
NNFAB_AP_CMP(>)
NNFAB_AP_CMP(>=)
#undef NNFAB_AP_CMP

// Arithmetic with C++ integers: the integer acts as an exact ap_int of its own width.
#define NNFAB_AP_INTOP(op)                                                                          \
  template <NNFAB_AP_T1, class T, nnfab_ap::enable_int<T> = 0>                                      \
  inline auto operator op(const NNFAB_AP_A &a, T b) -> decltype(a op typename nnfab_ap::int_type<T>::type(b)) { \
    return a op typename nnfab_ap::int_type<T>::type(b);                                            \
  }                                                                                                 \
  template <NNFAB_AP_T1, class T, nnfab_ap::enable_int<T> = 0>                                      \
  inline auto operator op(T a, const NNFAB_AP_A &b) -> decltype(typename nnfab_ap::int_type<T>::type(a) op b) { \
    return typename nnfab_ap::int_type<T>::type(a) op b;                                            \
  }
NNFAB_AP_INTOP(+)
NNFAB_AP_INTOP(-)
NNFAB_AP_INTOP(*)
#undef NNFAB_AP_INTOP
template <NNFAB_AP_T1, class T, nnfab_ap::enable_int<T> = 0>
inline auto operator/(const NNFAB_AP_A &a, T b) -> decltype(a / typename nnfab_ap::int_type<T>::type(b)) {
  return a / typename nnfab_ap::int_type<T>::type(b);
}

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
template <NNFAB_AP_T2>
ap_fixed_base<W, I, S, Q, O, N> &ap_fixed_base<W, I, S, Q, O, N>::operator+=(const NNFAB_AP_B &o) {
  *this = ap_fixed_base(*this + o);
  return *this;
}
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
template <NNFAB_AP_T2>
ap_fixed_base<W, I, S, Q, O, N> &ap_fixed_base<W, I, S, Q, O, N>::operator-=(const NNFAB_AP_B &o) {
  *this = ap_fixed_base(*this - o);
  return *this;
}
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
template <NNFAB_AP_T2>
ap_fixed_base<W, I, S, Q, O, N> &ap_fixed_base<W, I, S, Q, O, N>::operator*=(const NNFAB_AP_B &o) {
  *this = ap_fixed_base(*this * o);
  return *this;
}

#undef NNFAB_AP_T1
#undef NNFAB_AP_T2
#undef NNFAB_AP_A
#undef NNFAB_AP_B
#undef NNFAB_AP_G

/** Signed arbitrary-width integer. */
template <int W>
struct ap_int : ap_fixed_base<W, W, true, AP_TRN, AP_WRAP, 0> {
  typedef ap_fixed_base<W, W, true, AP_TRN, AP_WRAP, 0> Base;
  using Base::Base;
  constexpr ap_int() : Base() {}
  constexpr ap_int(const Base &b) : Base(b) {}
  operator long long() const { return this->to_int64(); }
};
/** Unsigned arbitrary-width integer. */
template <int W>
struct ap_uint : ap_fixed_base<W, W, false, AP_TRN, AP_WRAP, 0> {
  typedef ap_fixed_base<W, W, false, AP_TRN, AP_WRAP, 0> Base;
  using Base::Base;
  constexpr ap_uint() : Base() {}
  constexpr ap_uint(const Base &b) : Base(b) {}
  operator unsigned long long() const { return this->to_uint64(); }
};
/** Signed fixed-point type: W bits, I integer bits (sign included). */
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
struct ap_fixed : ap_fixed_base<W, I, true, Q, O, N> {
  typedef ap_fixed_base<W, I, true, Q, O, N> Base;
  using Base::Base;
  constexpr ap_fixed() : Base() {}
  constexpr ap_fixed(const Base &b) : Base(b) {}
  operator double() const { return this->to_double(); }
};
/** Unsigned fixed-point type. */
template <int W, int I, ap_q_mode Q = AP_TRN, ap_o_mode O = AP_WRAP, int N = 0>
struct ap_ufixed : ap_fixed_base<W, I, false, Q, O, N> {
  typedef ap_fixed_base<W, I, false, Q, O, N> Base;
  using Base::Base;
  constexpr ap_ufixed() : Base() {}
  constexpr ap_ufixed(const Base &b) : Base(b) {}
  operator double() const { return this->to_double(); }
};

#endif
