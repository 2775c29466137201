/**
 * Mutators for fuzzing model and config parsers: raw bytes (bit flips, truncation, splices), protobuf wire format
 * (delete / duplicate / corrupt fields without a schema, recursing into nested messages), and JSON-like trees
 * (delete / duplicate keys and elements, absurd numbers, wrong types).
 */
import { ABSURD_NUMBERS, type Rng } from './random.js';

/** Flip bits, overwrite bytes, truncate, or splice a chunk of the data onto itself. */
export function mutateBytes(data: Uint8Array, rng: Rng): Uint8Array {
  const out = new Uint8Array(data);
  switch (rng.int(5)) {
    case 0: {
      const flips = 1 + rng.int(8);
      for (let i = 0; i < flips && out.length > 0; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      for (let i = 0; i < 1 + rng.int(4) && out.length > 0; i++) out[rng.int(out.length)] = rng.pick([0, 0xff, 0x7f, 0x80, rng.int(256)]);
      return out;
    }
    case 2:
      return out.slice(0, rng.int(out.length + 1));
    case 3: {
      const a = rng.int(out.length + 1);
      const b = Math.min(out.length, a + 1 + rng.int(64));
      const at = rng.int(out.length + 1);
      return concat(out.slice(0, at), out.slice(a, b), out.slice(at));
    }
    default: {
      const a = rng.int(out.length + 1);
      const b = Math.min(out.length, a + 1 + rng.int(256));
      return concat(out.slice(0, a), out.slice(b));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One protobuf field in wire format: its tag bytes and its whole encoding. */
interface WireField {
  readonly field: number;
  readonly wire: number;
  readonly start: number;
  readonly end: number;
  /** For length-delimited fields, the payload range. */
  readonly payload?: readonly [number, number];
}

function readVarint(b: Uint8Array, pos: number): [number, number] | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= b.length) return null;
    const byte = b[pos + i]!;
    v += (byte & 0x7f) * mul;
    mul *= 128;
    if ((byte & 0x80) === 0) return [v, pos + i + 1];
  }
  return null;
}

/** Split a buffer into protobuf fields, or null when it is not a well-formed message. */
export function parseWire(b: Uint8Array): WireField[] | null {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < b.length) {
    const tag = readVarint(b, pos);
    if (!tag || tag[0] < 8) return null;
    const [key, p] = tag;
    const wire = key % 8;
    const field = Math.floor(key / 8);
    let end: number;
    let payload: [number, number] | undefined;
    if (wire === 0) {
      const v = readVarint(b, p);
      if (!v) return null;
      end = v[1];
    } else if (wire === 1) end = p + 8;
    else if (wire === 5) end = p + 4;
    else if (wire === 2) {
      const len = readVarint(b, p);
      if (!len) return null;
      end = len[1] + len[0];
      payload = [len[1], end];
    } else return null;
    if (end > b.length) return null;
    fields.push({ field, wire, start: pos, end, ...(payload ? { payload } : {}) });
    pos = end;
  }
  return fields;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = Math.max(0, Math.floor(n));
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

function rebuildLengthDelimited(b: Uint8Array, f: WireField, payload: Uint8Array): Uint8Array {
  const tag = b.slice(f.start, f.payload![0]);
  const keyEnd = readVarint(tag, 0)![1];
  return concat(tag.slice(0, keyEnd), Uint8Array.from(varint(payload.length)), payload);
}

/** Delete, duplicate or corrupt one field somewhere in a protobuf message (schema-free). */
export function mutateProtobuf(b: Uint8Array, rng: Rng, depth = 0): Uint8Array {
  const fields = parseWire(b);
  if (!fields || fields.length === 0) return mutateBytes(b, rng);
  const f = rng.pick(fields);
  const before = b.slice(0, f.start);
  const after = b.slice(f.end);
  const whole = b.slice(f.start, f.end);
  const nested = f.payload ? b.slice(f.payload[0], f.payload[1]) : null;
  const choice = rng.int(6);
  if (choice === 0) return concat(before, after);
  if (choice === 1) return concat(before, whole, whole, after);
  if (choice === 2 && nested && depth < 6 && parseWire(nested)) {
    return concat(before, rebuildLengthDelimited(b, f, mutateProtobuf(nested, rng, depth + 1)), after);
  }
  if (choice === 3 && f.wire === 0) {
    const keyEnd = readVarint(b, f.start)![1];
    const absurd = rng.pick([0, 1, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 40, 1e15, 2 ** 53 - 1]);
    return concat(before, b.slice(f.start, keyEnd), Uint8Array.from(varint(absurd)), after);
  }
  if (choice === 4 && nested) return concat(before, rebuildLengthDelimited(b, f, mutateBytes(nested, rng)), after);
  return concat(before, mutateBytes(whole, rng), after);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function collectPaths(v: Json, path: (string | number)[], out: (string | number)[][]): void {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => collectPaths(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) collectPaths(x, [...path, k], out);
}

function replacement(rng: Rng, old: Json): Json {
  switch (rng.int(7)) {
    case 0:
      return rng.pick(ABSURD_NUMBERS);
    case 1:
      return null;
    case 2:
      return typeof old === 'string' ? old + rng.pick(['_x', '(', '<', '∞', '']) : 'garbage';
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return Array.isArray(old) ? [...old, ...old] : [old];
    default:
      return typeof old === 'number' ? -old : rng.pick(ABSURD_NUMBERS);
  }
}

/** Delete, duplicate or replace one node of a JSON-like tree; returns a new tree. */
export function mutateTree(root: unknown, rng: Rng): unknown {
  const tree = structuredClone(root) as Json;
  const paths: (string | number)[][] = [];
  collectPaths(tree, [], paths);
  const path = rng.pick(paths);
  if (path.length === 0) return replacement(rng, tree);
  const parent = path.slice(0, -1).reduce<Json>((o, k) => (o as Record<string | number, Json>)[k]!, tree) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  const op = rng.int(3);
  if (op === 0) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (op === 1 && Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]!));
  else parent[key] = replacement(rng, parent[key]!);
  return tree;
}

/** Mutate JSON text: usually structurally, sometimes as bytes. */
export function mutateJsonText(text: string, rng: Rng): string {
  if (rng.chance(0.2)) return new TextDecoder().decode(mutateBytes(new TextEncoder().encode(text), rng));
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch {
    return text.slice(0, rng.int(text.length + 1));
  }
  let out = tree;
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) out = mutateTree(out, rng);
  // Python's json writes NaN / Infinity as bare tokens; emit them that way to test the readers' handling.
  const marked = JSON.stringify(out, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${String(v)}\u0000` : v));
  return marked.replace(/"\\u0000(NaN|Infinity|-Infinity)\\u0000"/g, '$1');
}
