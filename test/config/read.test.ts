// hls4ml YAML → typed configuration: defaults, precedence data, warnings with key paths, coded errors with lines.
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NnfabError } from '../../src/diagnostics/errors.js';
import { configFromObject, parseConfigText } from '../../src/frontends/config/read.js';
import { formatFixedType } from '../../src/fixed/index.js';
import { lookupPrecision, type PrecisionSpec } from '../../src/ir/config.js';
import { readConfigFile } from '../../src/api/configure.js';
import { describeShared, sharedPath } from '../helpers/shared.js';

const show = (s: PrecisionSpec) => (s === 'auto' ? 'auto' : formatFixedType(s));

function errorOf(fn: () => unknown): NnfabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NnfabError) return e;
    throw e;
  }
  throw new Error('expected an NnfabError');
}

describe('configuration reader', () => {
  it("applies hls4ml's defaults to an empty HLSConfig-less file", () => {
    const { config, warnings } = parseConfigText('OnnxModel: m.onnx\n', { file: '/proj/cfg.yml' });
    expect(warnings).toEqual([]);
    expect(config.onnxModel).toBe('/proj/m.onnx');
    expect(config.outputDir).toBe('my-hls-test');
    expect(config.projectName).toBe('myproject');
    expect(config.part).toBe('xcvu13p-flga2577-2-e');
    expect(config.ioType).toBe('io_parallel');
    expect(formatFixedType(config.hls.model.precision.default)).toBe('fixed<16,6,TRN,WRAP,0>');
  });

  it('resolves the lookup order LayerName[var] → LayerName → LayerType[var] → LayerType → Model[var] → Model.default', () => {
    const yaml = `
HLSConfig:
  Model: {Precision: {default: 'fixed<16,6>', accum: 'fixed<20,8>'}, ReuseFactor: 2, Strategy: Resource}
  LayerType:
    Dense: {Precision: {weight: 'fixed<8,2>'}, ReuseFactor: 4}
    Activation: {Precision: 'ufixed<8,0,RND,SAT>'}
  LayerName:
    FC1: {Precision: {bias: 'auto'}}
    relu1: {Precision: 'fixed<7,1,RND_CONV,SAT>'}
`;
    const { config } = parseConfigText(yaml);
    const h = config.hls;
    expect(show(lookupPrecision(h, 'fc1', 'Dense', 'bias').spec)).toBe('auto'); // name matched case-insensitively
    expect(show(lookupPrecision(h, 'fc1', 'Dense', 'weight').spec)).toBe('fixed<8,2,TRN,WRAP,0>');
    expect(show(lookupPrecision(h, 'fc1', 'Dense', 'accum').spec)).toBe('fixed<20,8,TRN,WRAP,0>');
    expect(show(lookupPrecision(h, 'fc1', 'Dense', 'result').spec)).toBe('fixed<16,6,TRN,WRAP,0>');
    expect(show(lookupPrecision(h, 'relu1', 'Activation', 'result').spec)).toBe('fixed<7,1,RND_CONV,SAT,0>');
    expect(show(lookupPrecision(h, 'relu2', 'Activation', 'result').spec)).toBe('ufixed<8,0,RND,SAT,0>');
    expect(h.model.reuseFactor).toBe(2);
    expect(h.model.strategy).toBe('resource');
    expect(h.layerType['Dense']!.reuseFactor).toBe(4);
  });

  it('reads table types, table size spellings, implementation, trace and skip', () => {
    const { config } = configFromObject({
      HLSConfig: {
        Model: { Precision: 'ap_fixed<16,6>' },
        LayerName: { sm: { table_size: 512, exp_table_t: 'ap_fixed<18,8,AP_RND,AP_SAT>', inv_table_t: 'ap_fixed<18,4>', Implementation: 'Latency', Trace: true, Skip: true }, act: { TableSize: 2048, table_t: 'fixed<12,4>' } },
      },
    });
    const sm = config.hls.layerName['sm']!;
    expect(sm.tableSize).toBe(512);
    expect(formatFixedType(sm.tableTypes!.expTable!)).toBe('fixed<18,8,RND,SAT,0>');
    expect(formatFixedType(sm.tableTypes!.invTable!)).toBe('fixed<18,4,TRN,WRAP,0>');
    expect(sm.implementation).toBe('latency');
    expect(sm.trace).toBe(true);
    expect(sm.skip).toBe(true);
    expect(config.hls.layerName['act']!.tableSize).toBe(2048);
  });

  it('warns about unknown keys with their key path and line, and ignores Precision.table as hls4ml does', () => {
    const yaml = ['OnnxModel: m.onnx', 'Bakend: Vivado', 'HLSConfig:', '  Model:', "    Precision: 'fixed<16,6>'", '    ReuseFator: 2', '  LayerName:', '    fc1:', "      Precision: {table: 'fixed<12,4>'}", '      Resuse: 1',
      // what config_from_keras_model(backend='Vivado') writes for a softmax: the defaults, ignored silently
      '    sm:', "      Precision: {table: 'fixed<18,8,TRN,WRAP,0>', exp_table: 'fixed<18,8,RND,SAT,0>', inv_table: 'fixed<18,8,RND,SAT,0>', inv_inp: 'fixed<18,8,RND,SAT,0>'}"].join('\n');
    const { warnings } = parseConfigText(yaml, { file: 'c.yml' });
    const got = warnings.map((w) => [w.code, w.location.keyPath, w.location.line]);
    expect(got).toEqual([
      ['W401', 'Bakend', 2],
      ['W401', 'HLSConfig.Model.ReuseFator', 6],
      ['W401', 'HLSConfig.LayerName.fc1.Resuse', 10],
      ['W402', 'HLSConfig.LayerName.fc1.Precision.table', 9],
    ]);
  });

  it('reports every bad value at once, with code, key path, file and line', () => {
    const yaml = ['HLSConfig:', '  Model:', "    Precision: 'fixed<16,6>'", '    ReuseFactor: 0', '  LayerName:', '    fc1:', "      Precision: {weight: 'fixd<8,2>'}", '    sm:', '      Implementation: fastest'].join('\n');
    const err = errorOf(() => parseConfigText(yaml, { file: 'bad.yml' }));
    expect(err.diagnostics.map((d) => [d.code, d.location.keyPath, d.location.line])).toEqual([['E402', 'HLSConfig.Model.ReuseFactor', 4]]);
    const err2 = errorOf(() => parseConfigText(yaml.replace('ReuseFactor: 0', 'ReuseFactor: 1'), { file: 'bad.yml' }));
    expect(err2.diagnostics.map((d) => [d.code, d.location.keyPath, d.location.line])).toEqual([
      ['E403', 'HLSConfig.LayerName.fc1.Precision.weight', 7],
      ['E402', 'HLSConfig.LayerName.sm.Implementation', 9],
    ]);
    expect(err2.message).toMatch(/bad\.yml:7/);
  });

  it("rejects 'auto' as the model default, unparsable YAML and several model keys", () => {
    expect(errorOf(() => parseConfigText("HLSConfig: {Model: {Precision: auto}}")).code).toBe('E406');
    const e = errorOf(() => parseConfigText('a: [1, 2\nb: 3', { file: 'x.yml' }));
    expect(e.code).toBe('E401');
    expect(e.diagnostics[0]!.location.line).toBeGreaterThan(0);
    expect(errorOf(() => parseConfigText('KerasJson: a.json\nOnnxModel: b.onnx')).code).toBe('E407');
  });

  it('readConfigFile resolves model paths against the file and checks they exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnfab-cfg-'));
    mkdirSync(join(dir, 'keras'));
    writeFileSync(join(dir, 'keras', 'm.json'), '{}');
    writeFileSync(join(dir, 'keras', 'm.h5'), '');
    writeFileSync(join(dir, 'c.yml'), 'KerasJson: keras/m.json\nKerasH5: keras/m.h5\n');
    const r = readConfigFile(join(dir, 'c.yml'));
    expect(r.modelPath).toBe(join(dir, 'keras', 'm.json'));
    expect(r.weightsPath).toBe(join(dir, 'keras', 'm.h5'));
    writeFileSync(join(dir, 'd.yml'), 'OnnxModel: nope.onnx\n');
    const e = errorOf(() => readConfigFile(join(dir, 'd.yml')));
    expect(e.code).toBe('E405');
    expect(e.diagnostics[0]!.location.keyPath).toBe('OnnxModel');
  });
});

describeShared('shared configuration files', () => {
  it('keras-config.yml and onnx-config.yml load unchanged (XilinxPart, comments)', () => {
    const k = readConfigFile(sharedPath('models', 'keras-config.yml'));
    expect(k.modelPath).toBe(sharedPath('models', 'keras', 'KERAS_3layer.json'));
    expect(k.weightsPath).toBe(sharedPath('models', 'keras', 'KERAS_3layer_weights.h5'));
    expect(k.config.part).toBe('xcku115-flvb2104-2-i');
    expect(k.warnings).toEqual([]);
    const o = readConfigFile(sharedPath('models', 'onnx-config.yml'));
    expect(o.modelPath).toBe(sharedPath('models', 'onnx', 'three_layer_keras.onnx'));
    expect(formatFixedType(o.config.hls.model.precision.default)).toBe('fixed<16,6,TRN,WRAP,0>');
  });
  it('the shipped QKeras configs load with only the expected warning', () => {
    // these files name their models relative to models/ (hls4ml read paths relative to the working directory)
    const file = sharedPath('models', 'config-files', 'qkeras_3layer_config.yml');
    const q = parseConfigText(readFileSync(file, 'utf8'), { file, baseDir: sharedPath('models') });
    expect(q.config.kerasJson).toBe(sharedPath('models', 'keras', 'qkeras_3layer.json'));
    expect(q.warnings).toEqual([]);
    expect(q.config.hls.layerName['softmax']!.tableTypes!.invTable!.integer).toBe(4);
  });
});
