/** E4xx: configuration (hls4ml YAML / object), config-from-model and the precision passes. W4xx: configuration warnings. */
export const CONFIG_ERRORS = {
  E401: { message: 'cannot parse the configuration: {reason}', hint: 'the configuration is YAML (or JSON) with hls4ml keys such as KerasJson, OnnxModel, HLSConfig' },
  E402: { message: 'bad value for {key}: {reason}', hint: 'expected {expected}' },
  E403: { message: 'bad precision "{value}" for {key}: {reason}', hint: "types are written fixed<W,I[,Q[,O[,N]]]>, ufixed<...>, int<W>, uint<W> (or ap_ forms), or 'auto'" },
  E404: { message: 'the configuration names no model', hint: 'add KerasJson (+ KerasH5), KerasModel or OnnxModel, or pass the model file on the command line' },
  E405: { message: '{key} names {path}, which does not exist', hint: 'paths in a configuration file are relative to the folder of that file ({base})' },
  E406: { message: "'auto' is not allowed for {key}", hint: 'the model default precision must be an explicit type, e.g. fixed<16,6>' },
  E407: { message: 'the configuration names more than one model: {keys}', hint: 'keep one of KerasJson/KerasH5, KerasModel, OnnxModel' },
  E408: { message: 'unknown granularity "{value}"', hint: 'use model, type or name' },
  E409: { message: 'unknown pass "{name}" for --dump-after', hint: 'passes: {passes}' },
  E411: { message: 'safe type for node "{node}" needs {bits} integer bits, more than the limit {limit}', hint: 'the network can produce values this large; lower the input range or accept overflow by not using --safe-types' },
  W401: { message: 'unknown configuration key {key}', hint: 'it is ignored; check its spelling against the hls4ml configuration keys' },
  W402: { message: '{key}: {reason}', hint: 'the value is ignored' },
  W403: { message: 'configuration entry {key} matches no layer of the model', hint: 'layer names: {names}' },
} as const;
