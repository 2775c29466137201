// Bad input: corrupt and truncated files, unsupported ops (one error listing all), symbolic dims, external data.
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../../src/diagnostics/errors.js';
import { importOnnx } from '../../../src/frontends/onnx/import.js';
import { decodeModelProto, encodeModelProto, type ProtoObject } from '../../../src/frontends/onnx/proto.js';
import { OnnxBuilder, rand } from '../../helpers/onnx-builder.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof NnfabError) return e.diagnostics.map((d) => d.code).join(',');
    throw e;
  }
  return 'ok';
}

function small(): Uint8Array {
  const b = new OnnxBuilder(13).input('x', ['N', 1, 6, 6]);
  const c = b.node('Conv', ['x', b.init('w', [2, 1, 3, 3], rand(18, 1)), b.init('bias', [2], [0.1, 0.2])], { pads: [1, 1, 1, 1] });
  const r = b.node('Relu', [c]);
  const f = b.node('Flatten', [r]);
  b.node('Gemm', [f, b.init('fw', [72, 3], rand(216, 2)), b.init('fb', [3], [0, 0, 0])], {}, { outputs: ['y'] });
  return b.output('y').build();
}

describe('corrupt files', () => {
  it('every truncation of a model is a coded error or a (smaller) valid model, never a crash', () => {
    const bytes = small();
    const codes = new Set<string>();
    for (let cut = 0; cut < bytes.length; cut += 7) codes.add(codeOf(() => importOnnx(bytes.subarray(0, cut), 't.onnx')));
    expect([...codes].every((c) => /^(E2\d\d(,E2\d\d)*|ok)$/.test(c))).toBe(true);
    expect(codes.has('E201')).toBe(true);
  });
  it('random bytes and an empty file are E201', () => {
    expect(codeOf(() => importOnnx(Uint8Array.from(rand(300, 5, 0, 256).map(Math.floor)), 'r.onnx'))).toMatch(/^E20\d/);
    expect(codeOf(() => importOnnx(new Uint8Array(0), 'e.onnx'))).toBe('E201');
  });
});

describe('unsupported models', () => {
  it('one E204 lists every unsupported node with op type, domain and opset, plus the supported ops', () => {
    const b = new OnnxBuilder(13, { 'com.example': 2 }).input('x', ['N', 4]);
    const a = b.node('Relu', ['x']);
    const c = b.node('Cos', [a], {}, { name: 'cosine' });
    b.node('Frobnicate', [c], {}, { domain: 'com.example', outputs: ['y'] });
    try {
      importOnnx(b.output('y').build(), 'u.onnx');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NnfabError);
      const d = (e as NnfabError).diagnostics;
      expect(d.length).toBe(1);
      expect(d[0]!.code).toBe('E204');
      expect(d[0]!.message).toContain('2 unsupported');
      expect(d[0]!.message).toContain('cosine [Cos, domain ai.onnx, opset 13]');
      expect(d[0]!.message).toContain('Frobnicate, domain com.example, opset 2');
      expect(d[0]!.hint).toContain('Gemm');
    }
  });
  it('a symbolic non-batch dimension is E205 with an --input-shape hint; --input-shape resolves it', () => {
    const b = new OnnxBuilder(13).input('x', ['N', 'C', 4]);
    b.node('Relu', ['x'], {}, { outputs: ['y'] });
    const bytes = b.output('y').build();
    try {
      importOnnx(bytes, 's.onnx');
      expect.unreachable();
    } catch (e) {
      expect((e as NnfabError).code).toBe('E205');
      expect((e as NnfabError).diagnostics[0]!.hint).toContain('--input-shape');
    }
    const g = importOnnx(bytes, 's.onnx', { inputShape: [3, 4] });
    expect(g.nodes[0]!.shape).toEqual([3, 4]);
    expect(codeOf(() => importOnnx(bytes, 's.onnx', { inputShape: [3] }))).toBe('E210');
  });
  it('the first input dimension is the batch, whatever its value', () => {
    const b = new OnnxBuilder(13).input('x', [789444, 4]);
    b.node('Relu', ['x'], {}, { outputs: ['y'] });
    expect(importOnnx(b.output('y').build(), 'b.onnx').nodes[0]!.shape).toEqual([4]);
  });
  it('external data is E203', () => {
    const m = decodeModelProto(small());
    const init = ((m.graph as ProtoObject).initializer as ProtoObject[])[0]!;
    delete init.raw_data;
    init.data_location = 1;
    init.external_data = [{ key: 'location', value: 'weights.bin' }];
    expect(codeOf(() => importOnnx(encodeModelProto(m), 'x.onnx'))).toBe('E203');
  });
  it('a Transpose that moves the batch axis of a 3-D tensor is E208; a weight from the data path is E207', () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2, 3]);
    b.node('Transpose', ['x'], { perm: [1, 0, 2] }, { outputs: ['y'] });
    expect(codeOf(() => importOnnx(b.output('y').build(), 't.onnx'))).toBe('E208');
    const c = new OnnxBuilder(13).input('x', ['N', 2]).input('w', [2, 2]);
    c.node('MatMul', ['x', 'w'], {}, { outputs: ['y'] });
    expect(codeOf(() => importOnnx(c.output('y').build(), 'm.onnx'))).toBe('E207');
  });
  it('a value that is never produced is E212; unsupported attribute values are E206', () => {
    const b = new OnnxBuilder(13).input('x', ['N', 2]);
    b.node('Relu', ['nowhere'], {}, { outputs: ['y'] });
    expect(codeOf(() => importOnnx(b.output('y').build(), 'v.onnx'))).toBe('E212');
    const c = new OnnxBuilder(13).input('x', ['N', 2, 4]);
    c.node('Pad', ['x', c.init('p', [6], [0, 0, 1, 0, 0, 1], 7)], { mode: 'reflect' }, { outputs: ['y'] });
    expect(codeOf(() => importOnnx(c.output('y').build(), 'p.onnx'))).toBe('E206');
  });
});

describe('mutated files', () => {
  it('random byte mutations of a valid model give a graph or a coded error, never anything else', () => {
    const bytes = small();
    let seed = 12345;
    const next = (m: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % m);
    const codes = new Map<string, number>();
    for (let k = 0; k < 400; k++) {
      const b = bytes.slice();
      const flips = 1 + next(4);
      for (let f = 0; f < flips; f++) b[next(b.length)] = next(256);
      const code = codeOf(() => importOnnx(b, 'mut.onnx'));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    for (const c of codes.keys()) expect(c).toMatch(/^(ok|E\d{3}(,E\d{3})*)$/);
    expect(codes.get('ok')).toBeGreaterThan(0);
  });
});
