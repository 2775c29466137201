// Copies non-TypeScript assets (C++ and Verilog kernel libraries, report scripts) from src/ into dist/.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ASSET = /\.(h|hpp|cpp|v|sv|tcl|css|html|proto|txt)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (ASSET.test(name)) cpSync(p, join('dist', relative('src', p)));
  }
}
if (existsSync('src')) walk('src');
