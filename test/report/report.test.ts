// The typed report: statistics, counts, estimates and findings built from plain data.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/ir/graph.js';
import { opCounts } from '../../src/report/estimate.js';
import { integerBitsFor } from '../../src/report/findings.js';
import { profileGraph } from '../../src/api/report.js';
import { buildReport } from '../../src/report/report.js';
import { boxStats, fixedTypeName, layerError, typeInfo } from '../../src/report/stats.js';
import { configureProgress, resetProgress } from '../../src/io/progress.js';
import { fx, lcg, tinyGraph, tinyInput } from './fixture.js';

describe('statistics', () => {
  it('box statistics of log2|x| skip zeros and non-finite values and count range violations', () => {
    const s = boxStats([0, 1, 2, 4, -8, NaN, 0.1], typeInfo(fx(4, 2)));
    // fixed<4,2> holds [−2, 1.75]: 2, 4 and −8 overflow.
    expect(s).toMatchObject({ count: 7, zeros: 1, nonFinite: 1, absMax: 8, aboveRange: 3, belowLsb: 1 });
    expect(boxStats([-2, 1.75, 1.9], typeInfo(fx(4, 2))).aboveRange).toBe(0); // 1.9 truncates to 1.75
    expect(boxStats([-0.25, 0.5], typeInfo(fx(4, 2, false))).aboveRange).toBe(1);
    expect(s.log2!.min).toBeCloseTo(Math.log2(0.1), 12);
    expect(s.log2!.max).toBe(3);
    expect(s.log2!.median).toBe(1);
    expect(boxStats([0, 0]).log2).toBeNull();
  });

  it('type names follow hls4ml spelling and ranges are [−F, I−1] (signed) or [−F, I] (unsigned)', () => {
    expect(fixedTypeName(fx(16, 6))).toBe('fixed<16,6>');
    expect(fixedTypeName({ ...fx(8, 0, false), rounding: 'AP_RND', overflow: 'AP_SAT' })).toBe('ufixed<8,0,RND,SAT>');
    expect(fixedTypeName(fx(8, 8))).toBe('int<8>');
    expect(typeInfo(fx(16, 6))).toEqual({ name: 'fixed<16,6>', width: 16, lsbLog2: -10, maxLog2: 5, min: -32, max: 32 - 2 ** -10 });
    expect(typeInfo(fx(6, 2, false))).toMatchObject({ lsbLog2: -4, maxLog2: 2 });
    expect(typeInfo({ kind: 'exponent', width: 4 })).toMatchObject({ name: 'exponent<4>', lsbLog2: null });
  });

  it('float-vs-fixed error: max, rms and rms relative to the float values', () => {
    const e = layerError([1, -1, 2, 0], [1, -0.5, 2, 0.5], 2);
    expect(e.maxAbs).toBe(0.5);
    expect(e.rms).toBeCloseTo(Math.sqrt(0.5 / 4), 12);
    expect(e.relRms).toBeCloseTo(Math.sqrt(0.5 / 4) / Math.sqrt(6 / 4), 12);
  });

  it('integer bits needed for a magnitude', () => {
    expect(integerBitsFor(3.9, true)).toBe(3); // fixed<.,3> holds [-4, 4)
    expect(integerBitsFor(4, true)).toBe(4);
    expect(integerBitsFor(4, false)).toBe(3);
    expect(integerBitsFor(0.3, true)).toBe(0);
  });
});

describe('operation counts', () => {
  it('counts dense multiplications with and without pruned weights', () => {
    const fc1 = tinyGraph().nodes[1]!;
    const c = opCounts(fc1);
    expect(c.multiplications).toBe(128);
    expect(c.nonzeroMultiplications).toBe(128 - Math.ceil(128 / 3));
    expect(c.weights).toBe(136);
  });

  it('counts conv multiplications per output pixel', () => {
    const conv: Node = {
      name: 'c', inputs: ['x'], shape: [6, 6, 4], layerClass: 'Conv2D', source: { file: 'm', node: 'c', opType: 'Conv' },
      op: { kind: 'conv', rank: 2, weight: { shape: [3, 3, 2, 4], data: new Float64Array(72).fill(1) }, bias: null, strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], groups: 1 },
    };
    const c = opCounts(conv);
    expect(c.multiplications).toBe(36 * 72);
    expect(c.passes).toBe(36);
    expect(c.fanIn).toBe(18);
  });
});

describe('buildReport', () => {
  it('describes every layer with its types, counts, profiles, errors and overflow, and is plain JSON', () => {
    const r = buildReport(tinyInput(100));
    expect(r.layers.map((l) => l.name)).toEqual(['input_1', 'fc1', 'relu1', 'fc2', 'fc_skip', 'add', 'softmax']);
    const fc1 = r.layers[1]!;
    expect(fc1.types.weight!.name).toBe('fixed<8,2>');
    expect(fc1.detail).toBe('16 → 8');
    expect(fc1.profile.weight!.count).toBe(128);
    expect(fc1.profile.floatOutput!.count).toBe(800);
    expect(fc1.error!.samples).toBe(100);
    expect(r.model.quantized).toBe(true);
    expect(r.profiledSamples).toBe(100);
    expect(r.totals.multiplications).toBe(128 + 32 + 64 + 4);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('latency is the longest path of the per-layer estimates', () => {
    const r = buildReport({ graph: tinyGraph() });
    const lat = Object.fromEntries(r.layers.map((l) => [l.name, l.estimate.latencyCycles]));
    expect(r.totals.latencyCycles).toBe(lat.fc1! + lat.relu1! + lat.fc2! + lat.add! + lat.softmax!);
    expect(r.profiledSamples).toBe(0);
    expect(r.layers[1]!.profile.floatOutput).toBeUndefined();
  });

  it('finds the overflowing layer first and suggests integer bits from the float range', () => {
    const r = buildReport(tinyInput(100));
    const first = r.findings[0]!;
    expect(first.severity).toBe('error');
    expect(first.layer).toBe('relu1');
    expect(first.message).toMatch(/out of range of fixed<6,2> at result \(\d+ wrapped\)/);
    expect(first.message).toMatch(/at least 3 integer bits/);
    expect(r.findings.some((f) => f.severity === 'warning' && /accuracy 70\.0% is below the float model's 90\.0%/.test(f.message))).toBe(true);
  });

  it('warns about weights that quantize to zero or exceed their type', () => {
    const r = buildReport({ graph: tinyGraph() });
    const skip = r.findings.find((f) => f.layer === 'fc_skip');
    expect(skip?.message).toMatch(/below half an LSB of fixed<10,0>/);
    const fc1 = r.findings.find((f) => f.layer === 'fc1');
    expect(fc1?.message).toMatch(/exceed the range of fixed<8,2>/);
  });
});

describe('non-finite inputs', () => {
  it('counts NaN and ±Infinity from the emulator and says so instead of asking for integer bits', () => {
    const g = tinyGraph();
    const x = new Float64Array(3 * 16).fill(0.5);
    x[0] = NaN;
    x[17] = Infinity;
    x[40] = -Infinity;
    const r = buildReport(profileGraph(g, g, { inputs: [x], batch: 3 }));
    const input = r.layers[0]!;
    expect(input.overflow![0]).toMatchObject({ point: 'input', nonFinite: 3 });
    expect(input.profile.floatOutput!.nonFinite).toBe(3);
    const msgs = r.findings.filter((f) => f.layer === 'input_1').map((f) => f.message);
    expect(msgs.some((m) => /3 NaN\/Infinity values converted at input/.test(m))).toBe(true);
    expect(msgs.some((m) => /widen its integer bits/.test(m))).toBe(false);
  });
});

describe('chunked profiling', () => {
  it('gives the same report whether the samples run in one piece or in chunks', () => {
    configureProgress({ enabled: false });
    const g = tinyGraph();
    const r = lcg(5);
    const x = new Float64Array(50 * 16).map(() => 4 * r());
    const whole = buildReport(profileGraph(g, g, { inputs: [x], batch: 50 }));
    const chunked = buildReport(profileGraph(g, g, { inputs: [x], batch: 50 }, [], 16 * 7));
    resetProgress();
    expect(chunked).toEqual(whole);
    expect(whole.layers.some((l) => l.overflow?.some((p) => p.outOfRange > 0))).toBe(true);
  });
});
