/**
 * Source of the worker thread that reads HDF5 files with h5wasm (libhdf5 in WebAssembly). libhdf5 is not robust
 * against corrupt files: it can trap (out-of-bounds access, abort()), leave its state broken, or loop forever. So every
 * read runs in a worker that turns the whole file into a plain snapshot tree; a crashed or stuck worker is terminated
 * and replaced by a fresh one. The source is a string (run from a data: URL) so that the same code runs from the
 * compiled package and from the TypeScript sources under the test runner, which cannot start a .ts worker file.
 */

/**
 * JavaScript (ESM) of the HDF5 snapshot worker; `__H5WASM_URL__` is replaced by the file URL of h5wasm/node, and
 * `__FAST_READER__` by the fast path (h5-fast-source.ts).
 */
export const H5_WORKER_SOURCE = String.raw`
import { parentPort } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
// nothing libhdf5 or its runtime prints (abort messages) may reach the user's terminal
console.log = console.warn = console.error = () => {};
// Compile the WebAssembly code once: a fresh libhdf5 instance (after a failure) then costs an instantiation only.
const instantiate = WebAssembly.instantiate;
let compiled = null;
WebAssembly.instantiate = async (src, imports) => {
  if (src instanceof WebAssembly.Module) return instantiate(src, imports);
  compiled ??= await WebAssembly.compile(src);
  return { module: compiled, instance: await instantiate(compiled, imports) };
};
let generation = 0;
async function freshInstance() {
  // each import of a new URL evaluates h5wasm again: a new, clean libhdf5
  const h5 = (await import(__H5WASM_URL__ + (generation === 0 ? '' : '?instance=' + generation))).default;
  generation++;
  const Module = await h5.ready;
  // HDF5 errors become exceptions instead of a diagnostic dump on stderr
  Module.activate_throwing_error_handler();
  return h5;
}
// libhdf5 is loaded on the first file the fast reader does not take (its start-up costs ~200 ms).
let current = null;
const instance = () => (current ??= freshInstance());
// A spare clean instance is prepared in the background, so that renewing after a failure costs no waiting. It is
// started only after libhdf5's first reply: preparing it earlier delays that reply.
let spare = null;
const prepareSpare = () => {
  spare ??= instance().then(freshInstance);
};

class LimitError extends Error {}
__FAST_READER__

function snapshot(h5wasm, file, lim) {
  let nodes = 0;
  let bytes = 0;
  const buffers = new Set();
  const attrsOf = (obj) => {
    const out = {};
    const all = obj.attrs;
    for (const name of Object.keys(all)) {
      const m = all[name].metadata;
      if ((m.total_size ?? 0) * (m.size ?? 0) > lim.maxAttrBytes) throw new LimitError('attribute ' + name + ' of ' + obj.path + ' declares ' + m.total_size + ' elements');
      out[name] = all[name].value;
    }
    return out;
  };
  const visit = (obj, depth) => {
    if (++nodes > lim.maxNodes) throw new LimitError('more than ' + lim.maxNodes + ' groups and datasets');
    const attrs = attrsOf(obj);
    if (obj instanceof h5wasm.Dataset) {
      const m = obj.metadata;
      const shape = (m.shape ?? []).map(Number);
      const n = Number(m.total_size ?? 0) * Number(m.size ?? 0);
      bytes += n;
      if (bytes > lim.maxBytes) throw new LimitError('datasets hold more than ' + lim.maxBytes + ' bytes (' + obj.path + ' declares shape [' + shape.join(', ') + '])');
      // integers, floats and strings only: weights are numeric, other classes are not needed and less tested
      const value = m.type === 0 || m.type === 1 || m.type === 3 ? obj.value : null;
      if (ArrayBuffer.isView(value)) buffers.add(value.buffer);
      return { t: 'd', attrs, shape, value };
    }
    const children = {};
    if (depth < lim.maxDepth) {
      for (const k of obj.keys()) {
        const c = obj.get(k);
        if (c instanceof h5wasm.Group || c instanceof h5wasm.Dataset) children[k] = visit(c, depth + 1);
      }
    }
    return { t: 'g', attrs, children };
  };
  return { tree: visit(file, 0), buffers: [...buffers] };
}

// Files whose read failed after libhdf5 had opened them: libhdf5 may still hold objects of them open. That is harmless
// for other files (an open file keeps its inode, so no other file can be taken for it), but reading the same file
// again (say, rewritten in place) could see the stale state: that read starts from a clean instance.
let tainted = new Set();
const identity = (path) => {
  try {
    const st = statSync(path);
    return st.dev + ':' + st.ino;
  } catch {
    return path;
  }
};
let renewals = 0;
function renew() {
  prepareSpare();
  current = spare;
  spare = current.then(freshInstance);
  tainted = new Set();
  renewals++;
}

parentPort.on('message', async (req) => {
  if (req.engine !== 'libhdf5') {
    try {
      const { tree, buffers } = await fastSnapshot(req.path, req.limits);
      return parentPort.postMessage({ id: req.id, ok: true, tree, retire: false, reader: 'jsfive' }, buffers);
    } catch (e) {
      if (e instanceof LimitError) return parentPort.postMessage({ id: req.id, ok: false, kind: 'limit', retire: false, message: e.message });
      // anything else (a feature jsfive lacks, a damaged file): libhdf5 reads it, or gives its own diagnosis
    }
  }
  const id = identity(req.path);
  if (tainted.has(id)) renew();
  const h5wasm = await instance();
  let file = null;
  try {
    file = new h5wasm.File(req.path, 'r');
    const { tree, buffers } = snapshot(h5wasm, file, req.limits);
    file.close();
    file = null;
    parentPort.postMessage({ id: req.id, ok: true, tree, retire: renewals >= req.limits.maxInstances, reader: 'libhdf5' }, buffers);
  } catch (e) {
    const kind = e instanceof LimitError ? 'limit' : e instanceof WebAssembly.RuntimeError ? 'crash' : 'hdf5';
    if (file !== null) {
      try { file.close(); } catch {}
      tainted.add(id);
    }
    // after a trap libhdf5's state is unknown; leftovers of many failed files also add up (memory, descriptors)
    if (kind === 'crash' || tainted.size >= req.limits.maxTainted) renew();
    // every instance keeps its memory, so a worker retires (and is replaced) after a number of them
    parentPort.postMessage({ id: req.id, ok: false, kind, retire: renewals >= req.limits.maxInstances, message: String(e && e.message ? e.message : e) });
  }
  prepareSpare();
});
`;
