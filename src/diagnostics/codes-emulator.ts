/** E5xx: emulator errors. */
export const EMULATOR_ERRORS = {
  E501: {
    message: 'node "{node}" has no fixed-point types: the emulator runs quantized graphs only',
    hint: 'run the graph through the configuration passes first (convert(model, config) does this)',
  },
  E503: {
    message: 'the graph has {expected} input(s) but {got} input array(s) were given',
    hint: 'pass one Float64Array per graph input, each batch × (input size) values',
  },
  E504: {
    message: 'input "{input}" has {got} values, expected batch {batch} × {size} = {expected}',
    hint: 'inputs are row-major, one sample after another; the model input shape is {shape}',
  },
  E505: {
    message: 'node "{node}" ({op}) cannot be emulated: {reason}',
    hint: 'this layer or setting is not supported by the fixed-point emulator; `nnfab predict --float` still runs it',
  },
  E506: {
    message: 'node "{node}": weight type {type} cannot hold the weights: {reason}',
    hint: 'check the weight precision in the configuration or the model\'s quantizer',
  },
  E508: {
    message: 'a value of type {type} needs more than 53 bits ({value}): beyond the emulator\'s exact range for node values',
    hint: 'narrow the precision of this layer in the configuration (its values, not only its type, are that large)',
  },
  E509: {
    message: 'node "{node}": tensor ÷ tensor has no fixed-point implementation (hls4ml has none)',
    hint: 'divide by a constant, or run --float',
  },
  E510: {
    message: 'node "{node}": merging inputs of shapes {shapes} needs broadcasting, which has no fixed-point implementation (hls4ml merge layers take equal shapes)',
    hint: 'give the merged tensors the same shape in the model, or run --float',
  },
  E507: {
    message: 'no layer named "{name}" in the trace',
    hint: 'traced layers: {names}',
  },
} as const;
