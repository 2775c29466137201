// loadModel on ONNX files: by extension, by content sniffing, and the file errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/api/load.js';
import { OnnxBuilder } from '../helpers/onnx-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'nnfab-load-'));
const b = new OnnxBuilder(13).input('x', ['N', 3, 4]);
b.node('Relu', ['x'], {}, { outputs: ['y'] });
const bytes = b.output('y').build();

describe('loadModel (ONNX)', () => {
  it('reads .onnx by extension and ONNX bytes under another name', async () => {
    writeFileSync(join(dir, 'm.onnx'), bytes);
    writeFileSync(join(dir, 'm.pb'), bytes);
    const g = await loadModel(join(dir, 'm.onnx'));
    expect(g.name).toBe('m');
    expect(g.nodes.map((n) => n.op.kind)).toEqual(['input', 'activation']);
    expect((await loadModel(join(dir, 'm.pb'))).nodes.length).toBe(2);
  });
  it('passes --input-shape through, and reports missing and unknown files', async () => {
    const c = new OnnxBuilder(13).input('x', ['N', 'C']);
    c.node('Relu', ['x'], {}, { outputs: ['y'] });
    writeFileSync(join(dir, 's.onnx'), c.output('y').build());
    expect((await loadModel(join(dir, 's.onnx'), { inputShape: [5] })).nodes[0]!.shape).toEqual([5]);
    await expect(loadModel(join(dir, 'missing.onnx'))).rejects.toThrow(/E001/);
    writeFileSync(join(dir, 'x.bin'), 'hello');
    await expect(loadModel(join(dir, 'x.bin'))).rejects.toThrow(/E004/);
  });
});
