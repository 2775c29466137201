/** E1xx: fixed-point types and values. */
const TYPE_FORMS =
  'write ap_fixed<W,I[,Q[,O[,N]]]>, ap_ufixed<...>, ap_int<W>, ap_uint<W>, or the hls4ml forms fixed<...>, ufixed<...>, int<W>, uint<W>';

export const FIXED_ERRORS = {
  E101: { message: 'cannot parse fixed-point type "{text}": {reason}', hint: TYPE_FORMS },
  E102: {
    message: 'width {width} of fixed-point type "{text}" is out of range',
    hint: 'W must be an integer from 1 to {max}',
  },
  E103: {
    message: 'integer bits {integer} of fixed-point type "{text}" are out of range',
    hint: 'I must be an integer from -{max} to {max} (it may exceed W or be negative)',
  },
  E104: {
    message: 'unknown rounding (quantization) mode "{mode}" in "{text}"',
    hint: 'one of AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO (the AP_ prefix is optional)',
  },
  E105: {
    message: 'unknown overflow mode "{mode}" in "{text}"',
    hint: 'one of AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM (the AP_ prefix is optional)',
  },
  E106: {
    message: 'saturation bits N={satBits} of fixed-point type "{text}" are out of range',
    hint: 'N must be an integer from 0 to the width W={width}',
  },
  E107: {
    message: 'unsigned fixed-point type "{text}" cannot use AP_WRAP_SM',
    hint: 'sign-magnitude wrapping needs a sign bit (Xilinx ap_ufixed rejects it too): use a signed type or AP_WRAP',
  },
  E108: {
    message: 'value "{value}" is not a number',
    hint: 'write a decimal such as 1.3, -7.77, 0.0625 or 2e-3, or inf, -inf, nan',
  },
} as const;
