/** E3xx: Keras, QKeras and TF.js import errors. */
export const KERAS_ERRORS = {
  E301: {
    message: 'not a Keras model: {reason}',
    hint: 'nnfab reads Keras model JSON (model.to_json()), full-model .h5 (with a model_config attribute), .keras archives and TF.js layers model.json',
  },
  E302: {
    message: 'unsupported layers: {layers}',
    hint: 'supported layer classes: {supported}',
  },
  E303: {
    message: 'weight "{key}" of layer "{layer}" is missing from {source}',
    hint: 'the weights file must come from the same model as the architecture (weights found for this layer: {found})',
  },
  E304: {
    message: 'weight "{key}" of layer "{layer}" has shape [{got}], expected [{expected}]',
    hint: 'the weights file must come from the same model as the architecture',
  },
  E305: {
    message: 'unsupported quantizer argument {key}={value} in {quantizer}',
    hint: 'supported: {supported}',
  },
  E306: {
    message: 'unsupported quantizer {quantizer}',
    hint: 'supported quantizers: quantized_bits, quantized_relu, quantized_po2, binary, ternary, quantized_tanh, quantized_sigmoid (objects or strings like "quantized_relu(3,1)")',
  },
  E307: {
    message: 'unsupported value {key}={value}',
    hint: 'supported values: {supported}',
  },
  E308: {
    message: 'layer configuration lacks "{key}"',
    hint: 'the layer config must contain {key}; was the JSON edited by hand?',
  },
  E309: {
    message: 'the layer cannot be applied to its input: {reason}',
    hint: 'check the layer configuration and the input shape ({shape})',
  },
  E310: {
    message: 'layer input "{ref}" refers to no earlier layer',
    hint: 'inbound_nodes must name layers defined in the model, in order',
  },
  E311: {
    message: 'the model input shape is unknown: {reason}',
    hint: 'give it with --input-shape (without the batch axis, e.g. 16 or 28,28,1)',
  },
  E312: {
    message: 'the Keras JSON {path} needs a weights file',
    hint: 'pass the .h5 weights with --weights W.h5 (or KerasH5 in a configuration)',
  },
  E313: {
    message: 'TF.js weights: {reason}',
    hint: 'keep model.json and its weight shards (weightsManifest paths) side by side, as tf.LayersModel.save writes them',
  },
  E314: {
    message: '.keras archive: {reason}',
    hint: 'a Keras 3 .keras file is a zip holding config.json and model.weights.h5',
  },
  E315: {
    message: 'corrupt HDF5 file: {reason}',
    hint: 'the file is damaged or not an HDF5 file; save the model again (model.save / model.save_weights)',
  },
} as const;
