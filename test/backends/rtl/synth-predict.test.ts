// The synthesis time prediction the demo uses to skip Yosys runs that would outlast its time limit.
import { expect, it } from 'vitest';
import { defaultJobs, predictSynthSeconds, SECONDS_PER_ADDER } from '../../../src/backends/rtl/synth.js';

it('predicted time grows with the adders, shrinks with parallel runs, and puts the limit where the measurements do', () => {
  expect(predictSynthSeconds(2000, 2)).toBeGreaterThan(predictSynthSeconds(1000, 2));
  expect(predictSynthSeconds(3000, 4)).toBeLessThan(predictSynthSeconds(3000, 2));
  expect(predictSynthSeconds(3000, 2)).toBeLessThan(predictSynthSeconds(3000, 1));
  // measured on 2 cores: the pruned jet tagger (3072 adders) in 177 s; KERAS_1layer (888) in 1-3 min (loaded machine)
  expect(predictSynthSeconds(888, 2)).toBeGreaterThan(60);
  expect(predictSynthSeconds(888, 2)).toBeLessThan(200);
  expect(predictSynthSeconds(3072, 2)).toBeGreaterThan(200);
  expect(predictSynthSeconds(3072, 2)).toBeLessThan(600);
  // the small nets of the tests synthesize well within the demo's 120 s
  expect(predictSynthSeconds(100, 2)).toBeLessThan(60);
  expect(SECONDS_PER_ADDER).toBeGreaterThan(0);
  expect(defaultJobs()).toBeGreaterThanOrEqual(1);
  expect(defaultJobs()).toBeLessThanOrEqual(8);
});
