// Parsing and printing of every fixed-point type spelling, and the coded errors for malformed text.
import { describe, expect, it } from 'vitest';
import { codeAndMessage as codeOf } from '../helpers/errors.js';
import {
  fixedType,
  formatCppType,
  formatFixedType,
  intType,
  parseFixedType,
  sameType,
} from '../../src/ir/fixed-type.js';


describe('parseFixedType', () => {
  it.each([
    ['ap_fixed<16,6>', fixedType(16, 6)],
    ['fixed<16,6>', fixedType(16, 6)],
    [' ap_fixed < 16 , 6 , AP_RND , AP_SAT > ', fixedType(16, 6, true, 'AP_RND', 'AP_SAT')],
    ['ufixed<8,0,RND,SAT>', fixedType(8, 0, false, 'AP_RND', 'AP_SAT')],
    ['ap_ufixed<8,0,rnd_conv,sat_sym>', fixedType(8, 0, false, 'AP_RND_CONV', 'AP_SAT_SYM')],
    ['ap_fixed<18,8,AP_TRN,AP_WRAP_SM,3>', fixedType(18, 8, true, 'AP_TRN', 'AP_WRAP_SM', 3)],
    ['fixed<4,-2>', fixedType(4, -2)],
    ['fixed<4,8,RND_MIN_INF>', fixedType(4, 8, true, 'AP_RND_MIN_INF')],
    ['fixed<4,+8,RND_INF,SAT_ZERO,0>', fixedType(4, 8, true, 'AP_RND_INF', 'AP_SAT_ZERO')],
    ['ap_int<8>', intType(8)],
    ['int<8>', intType(8)],
    ['ap_uint<12>', intType(12, false)],
    ['uint<1>', intType(1, false)],
    ['fixed<1024,10>', fixedType(1024, 10)],
  ])('%s', (text, want) => {
    expect(sameType(parseFixedType(text), want)).toBe(true);
  });

  it.each([
    ['', 'E101'],
    ['fixed', 'E101'],
    ['fixed<16>', 'E101'],
    ['fixed<16,6,TRN,WRAP,0,1>', 'E101'],
    ['fixed<16,,TRN>', 'E101'],
    ['fixed<16.5,6>', 'E101'],
    ['float<16,6>', 'E101'],
    ['int<8,3>', 'E101'],
    ['fixed<0,0>', 'E102'],
    ['fixed<-3,0>', 'E102'],
    ['int<0>', 'E102'],
    ['fixed<100000,3>', 'E102'],
    ['fixed<8,70000>', 'E103'],
    ['fixed<16,6,ROUND>', 'E104'],
    ['fixed<16,6,TRN,CLAMP>', 'E105'],
    ['fixed<16,6,TRN,WRAP,17>', 'E106'],
    ['ufixed<8,3,TRN,WRAP_SM>', 'E107'],
  ])('rejects %j with %s', (text, code) => {
    expect(codeOf(() => parseFixedType(text, { keyPath: 'Model.Precision' }))).toMatch(new RegExp(`^${code}: `));
  });

  it('says what is wrong', () => {
    expect(codeOf(() => parseFixedType('fixed<16>'))).toContain('2 to 5 parameters');
    expect(codeOf(() => parseFixedType('fixed<16,x>'))).toContain('integer bits I must be an integer, got "x"');
    expect(codeOf(() => parseFixedType('fixed<16,6,ROUND>'))).toContain('"ROUND"');
  });

  it('rejects bad parameters of fixedType() too', () => {
    expect(codeOf(() => fixedType(0, 0))).toMatch(/^E102/);
    expect(codeOf(() => fixedType(8, 3, false, 'AP_TRN', 'AP_WRAP_SM'))).toMatch(/^E107/);
  });
});

describe('formatting', () => {
  it.each([
    [fixedType(16, 6), 'fixed<16,6,TRN,WRAP,0>', 'ap_fixed<16,6>'],
    [fixedType(18, 8, true, 'AP_RND', 'AP_SAT'), 'fixed<18,8,RND,SAT,0>', 'ap_fixed<18,8,AP_RND,AP_SAT>'],
    [fixedType(8, 0, false, 'AP_RND'), 'ufixed<8,0,RND,WRAP,0>', 'ap_ufixed<8,0,AP_RND>'],
    [fixedType(8, 3, true, 'AP_TRN', 'AP_SAT'), 'fixed<8,3,TRN,SAT,0>', 'ap_fixed<8,3,AP_TRN,AP_SAT>'],
    [fixedType(8, 3, true, 'AP_TRN', 'AP_WRAP', 2), 'fixed<8,3,TRN,WRAP,2>', 'ap_fixed<8,3,AP_TRN,AP_WRAP,2>'],
    [fixedType(8, 8), 'fixed<8,8,TRN,WRAP,0>', 'ap_fixed<8,8>'],
    [intType(8), 'int<8>', 'ap_int<8>'],
    [intType(8, false), 'uint<8>', 'ap_uint<8>'],
  ])('%j', (t, hls, cpp) => {
    expect(formatFixedType(t)).toBe(hls);
    expect(formatCppType(t)).toBe(cpp);
    expect(sameType(parseFixedType(hls), t)).toBe(true);
    expect(sameType(parseFixedType(cpp), t)).toBe(true);
  });
});
