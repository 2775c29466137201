// Test driver for nnfab's simulation header: reads conversion cases on stdin, prints raw results, one per line.
//   Q W I S Q O N x        quantize the double x into ap type <W,I,S,Q,O,N>
//   C W I S Q O N raw f    convert raw·2^-f into the type
#include <ap_fixed.h>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

using nnfab_ap::i128;
using nnfab_ap::u128;

static i128 parse_i128(const std::string &s) {
  bool neg = s[0] == '-';
  u128 v = 0;
  for (std::size_t i = neg ? 1 : 0; i < s.size(); i++) v = v * 10 + (u128)(s[i] - '0');
  return neg ? -(i128)v : (i128)v;
}

std::string fmt_i128(i128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  u128 u = neg ? (u128)0 - (u128)v : (u128)v;
  std::string s;
  while (u > 0) {
    s.insert(s.begin(), (char)('0' + (int)(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

int main() {
  std::string op;
  while (std::cin >> op) {
    int w, i, s, q, o, n;
    std::cin >> w >> i >> s >> q >> o >> n;
    if (op == "Q") {
      std::string xs;
      std::cin >> xs;
      const double x = std::strtod(xs.c_str(), nullptr);
      i128 m;
      int e;
      nnfab_ap::split_double(x, m, e);
      i128 r = nnfab_ap::convert(m, (w - i) + e, w, s != 0, (ap_q_mode)q, (ap_o_mode)o, n);
      std::cout << fmt_i128(r) << "\n";
    } else {
      std::string raws;
      int f;
      std::cin >> raws >> f;
      i128 r = nnfab_ap::convert(parse_i128(raws), (w - i) - f, w, s != 0, (ap_q_mode)q, (ap_o_mode)o, n);
      std::cout << fmt_i128(r) << "\n";
    }
  }
  return 0;
}
