#!/usr/bin/env node
// The nnfab command: runs the compiled CLI (build with `npm run build`).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('nnfab is not built: run `npm run build` (npm ci does it for you)\n');
    process.exit(2);
  }
  throw err;
});
