import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the co-simulation matrix (tens of minutes of Verilator builds) runs only through `npm run test:sim`
    exclude: process.env['NNFAB_SIM_MATRIX'] === '1' ? [] : ['test/**/sim-matrix.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
