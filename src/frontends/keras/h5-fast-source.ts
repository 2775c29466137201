/**
 * Source of the fast path of the HDF5 reader worker: jsfive, a small pure-JavaScript HDF5 reader. It starts in a few
 * milliseconds where libhdf5 in WebAssembly needs ~200 ms to load and compile, which is most of the time from a Keras
 * model file to its first prediction. It covers what Keras weight files use (groups, string attributes, little- and
 * big-endian numeric datasets, deflate); anything else (other attribute kinds, string or scalar datasets, an error)
 * makes the worker read the file again with libhdf5, so the snapshot is always libhdf5's (a test checks both readers
 * give identical snapshots of real Keras files).
 */

/** JavaScript of `fastSnapshot(path, lim)`, spliced into the worker; `__JSFIVE_URL__` is jsfive's file URL. */
export const H5_FAST_SOURCE = String.raw`
class Unsupported extends Error {}
let jsfive = null;
const TYPED = { f4: Float32Array, f8: Float64Array, i1: Int8Array, i2: Int16Array, i4: Int32Array, u1: Uint8Array, u2: Uint16Array, u4: Uint32Array };
const stripNul = (s) => s.replace(/\0+$/, '');
// attributes as libhdf5's reader gives them: strings without NUL padding, string lists, empty lists as Float64Array
function fastAttr(v) {
  if (typeof v === 'string') return stripNul(v);
  if (Array.isArray(v) && v.length === 0) return new Float64Array(0);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map(stripNul);
  throw new Unsupported('attribute kind');
}
function fastValue(dtype, shape, value) {
  const m = typeof dtype === 'string' ? /^[<>|]([fiu][1248])$/.exec(dtype) : null;
  const Ctor = m && TYPED[m[1]];
  if (!Ctor || shape.length === 0 || !Array.isArray(value) && !ArrayBuffer.isView(value)) throw new Unsupported('dataset kind ' + String(dtype));
  return Ctor.from(value);
}
async function fastSnapshot(path, lim) {
  if (statSync(path).size > lim.maxBytes) throw new Unsupported('large file');
  jsfive ??= await import(__JSFIVE_URL__);
  const bytes = readFileSync(path);
  const file = new jsfive.File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), path);
  let nodes = 0;
  let total = 0;
  const buffers = new Set();
  const attrsOf = (obj) => {
    const out = {};
    for (const [name, v] of Object.entries(obj.attrs)) out[name] = fastAttr(v);
    return out;
  };
  const visit = (obj, depth) => {
    if (++nodes > lim.maxNodes) throw new LimitError('more than ' + lim.maxNodes + ' groups and datasets');
    const attrs = attrsOf(obj);
    if (obj instanceof jsfive.Dataset) {
      const shape = obj.shape.map(Number);
      const m = typeof obj.dtype === 'string' ? /(\d+)$/.exec(obj.dtype) : null;
      total += shape.reduce((a, b) => a * b, 1) * (m ? Number(m[1]) : 1);
      if (total > lim.maxBytes) throw new LimitError('datasets hold more than ' + lim.maxBytes + ' bytes (' + obj.name + ' declares shape [' + shape.join(', ') + '])');
      const value = fastValue(obj.dtype, shape, obj.value);
      buffers.add(value.buffer);
      return { t: 'd', attrs, shape, value };
    }
    const children = {};
    if (depth < lim.maxDepth) {
      // libhdf5 lists members by name (byte order); jsfive in storage order
      const keys = [...obj.keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const k of keys) {
        const c = obj.get(k);
        if (c instanceof jsfive.Group || c instanceof jsfive.Dataset) children[k] = visit(c, depth + 1);
      }
    }
    return { t: 'g', attrs, children };
  };
  return { tree: visit(file, 0), buffers: [...buffers] };
}
`;
