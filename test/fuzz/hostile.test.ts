// Hand-made hostile inputs beyond what the mutators produce: devices, directories, deep nesting, zip and YAML bombs.
// Each is a catalogued user error, quickly, without exhausting the stack or the memory.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/api/load.js';
import { convert } from '../../src/api/model.js';
import { readSampleData } from '../../src/io/data.js';
import { onnxMlp } from '../../src/fuzz/seeds.js';
import { expectUserError } from '../helpers/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'nnfab-hostile-'));

/** The code of the NnfabError the promise or function must reject with. */
const codeOf = async (p: Promise<unknown> | (() => unknown)): Promise<string> => (await expectUserError(p)).code;

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return out;
}
const field = (f: number, payload: number[]): number[] => [...varint((f << 3) | 2), ...varint(payload.length), ...payload];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('hostile inputs', () => {
  it.skipIf(!existsSync('/dev/zero'))('a device or a directory as model, data or configuration file is E002', async () => {
    expect(await codeOf(loadModel('/dev/zero'))).toBe('E002');
    expect(await codeOf(() => readSampleData('/dev/zero'))).toBe('E002');
    expect(await codeOf(convert(undefined, '/dev/zero'))).toBe('E002');
    const d = join(dir, 'folder.onnx');
    mkdirSync(d);
    expect(await codeOf(loadModel(d))).toBe('E002');
  });

  it('ONNX subgraphs nested 1,000 deep are E201', async () => {
    let g: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const attr = [...field(1, ascii('g')), ...varint(4 << 3), 5, ...field(6, g)];
      g = field(1, [...field(4, ascii('Relu')), ...field(5, attr)]);
    }
    const p = join(dir, 'deep.onnx');
    writeFileSync(p, Uint8Array.from([8, 7, ...field(8, [16, 13]), ...field(7, g)]));
    expect(await codeOf(loadModel(p))).toBe('E201');
  });

  it('Keras models nested 3,000 deep are E301, not a stack overflow', async () => {
    const input = (n: string) => `{"class_name":"InputLayer","config":{"batch_input_shape":[null,4],"name":"${n}"}}`;
    let s = `{"class_name":"Sequential","config":{"name":"s","layers":[${input('in')}`;
    for (let i = 0; i < 3000; i++) s += `,{"class_name":"Sequential","config":{"name":"s${i}","layers":[${input(`in${i}`)}`;
    s += ']}}'.repeat(3001);
    const p = join(dir, 'deep.json');
    writeFileSync(p, s);
    expect(await codeOf(loadModel(p))).toBe('E301');
  });

  it('a .keras zip bomb is E314 before it is inflated', async () => {
    const p = join(dir, 'bomb.keras');
    const big = new Uint8Array(64 * 2 ** 20); // 64 MiB of zeros deflate to ~64 KiB
    writeFileSync(p, zipSync({ 'config.json': new TextEncoder().encode('{}'), 'model.weights.h5': [big, { level: 1 }] }));
    const t0 = Date.now();
    expect(await codeOf(loadModel(p))).toBe('E314');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a YAML alias bomb and absurdly deep YAML are E401', async () => {
    writeFileSync(join(dir, 'm.onnx'), onnxMlp());
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    writeFileSync(join(dir, 'bomb.yml'), `OnnxModel: m.onnx\n${bomb}`);
    expect(await codeOf(convert(undefined, join(dir, 'bomb.yml')))).toBe('E401');
    writeFileSync(join(dir, 'deep.yml'), `OnnxModel: m.onnx\nHLSConfig: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(await codeOf(convert(undefined, join(dir, 'deep.yml')))).toBe('E401');
    // found by the fuzzer: an alias without its anchor made the YAML library throw a ReferenceError
    writeFileSync(join(dir, 'alias.yml'), 'OnnxModel: m.onnx\nIOType: *io_parallel\n');
    expect(await codeOf(convert(undefined, join(dir, 'alias.yml')))).toBe('E401');
  });
});
