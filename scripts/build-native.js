// Builds nnfab's optional native addon (native/*.cc → build/Release/nnfab_native.node: the emulator's Dense kernel,
// input quantization and softmax) with node-gyp and the machine's C++ compiler; npm runs it on install. Without a
// compiler the build is skipped with a message and the emulator uses its WebAssembly kernel (same bits, slower); so it
// does on processors other than x86-64. NNFAB_NATIVE=0 skips the build; --if-changed skips it when the built addon is
// newer than every source.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// --if-changed (npm test): build only when a source is newer than the built addon
if (process.argv.includes('--if-changed')) {
  const built = join(root, 'build', 'Release', 'nnfab_native.node');
  const sources = [join(root, 'binding.gyp'), ...readdirSync(join(root, 'native')).map((f) => join(root, 'native', f))];
  if (existsSync(built) && sources.every((f) => statSync(f).mtimeMs <= statSync(built).mtimeMs)) process.exit(0);
}
if (process.env.NNFAB_NATIVE === '0') {
  console.log('nnfab: NNFAB_NATIVE=0, native kernel not built (the emulator uses WebAssembly)');
  process.exit(0);
}
if (process.arch !== 'x64') {
  console.log(`nnfab: the native kernel is for x86-64 processors (AVX2, AVX-512); on ${process.arch} the emulator uses its WebAssembly kernel`);
  process.exit(0);
}

// node-gyp: npm's own copy (npm tells scripts where it is), else one resolvable from here
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const besideNpm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return existsSync(besideNpm) ? besideNpm : null;
  }
}

const gyp = nodeGyp();
if (gyp === null) {
  console.warn('nnfab: node-gyp not found; native kernel not built (the emulator uses WebAssembly). Install npm with node-gyp, then run `npm run build:native`.');
  process.exit(0);
}
const args = [gyp, 'rebuild'];
// build against the headers of the running Node.js when they are installed beside it (no header download)
const prefix = join(dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
if (run.status !== 0) {
  const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
  console.warn(`nnfab: the native kernel did not build (the emulator uses WebAssembly: same bits, slower).\n${tail}\nTo build it: install a C++ compiler, make and python3 (Debian: apt-get install g++ make python3), then run \`npm run build:native\`.`);
  process.exit(0);
}
console.log('nnfab: native emulator kernel built (build/Release/nnfab_native.node)');
