/** E2xx: ONNX / QONNX import errors. */
export const ONNX_ERRORS = {
  E201: { message: 'not a readable ONNX model: {reason}', hint: 'the file is truncated or corrupt; re-export it from the training framework' },
  E202: { message: 'tensor "{name}" has an unsupported element type {dtype}', hint: 'nnfab reads float, double, float16, bfloat16, integer and bool tensors' },
  E203: { message: 'tensor "{name}" stores its data outside the .onnx file (external data), which is not supported yet', hint: 'save the model with all tensors inside the file, e.g. onnx.save_model(model, path, save_as_external_data=False)' },
  E204: { message: '{count} unsupported node(s): {nodes}', hint: 'supported ops: {supported}' },
  E205: { message: 'input "{input}" has a symbolic dimension {dim} ("{param}") besides the batch dimension', hint: 'give the input shape without the batch dimension, e.g. --input-shape {example}' },
  E206: { message: 'unsupported attribute {attr}={value}', hint: 'supported: {supported}' },
  E207: { message: 'input {index} ("{input}") must be a constant (initializer or constant sub-graph)', hint: 'nnfab compiles weights, scales and shapes into the design; only the data path may depend on the model input' },
  E208: { message: 'unsupported tensor layout: {reason}', hint: 'nnfab keeps the first dimension as the batch and converts NCHW to channels-last; reshape/transpose the batch axis outside the model' },
  E209: { message: 'shapes do not fit: {reason}', hint: 'check the model with onnx.checker / onnxruntime; if the input shape is wrong, pass --input-shape' },
  E210: { message: '--input-shape [{shape}] does not fit input "{input}" of rank {rank}', hint: 'give every dimension except the batch, e.g. --input-shape {example}' },
  E211: { message: 'input "{input}" has no known shape', hint: 'pass --input-shape with the dimensions except the batch' },
  E212: { message: 'value "{value}" is used but never produced', hint: 'the graph is malformed; check it with onnx.checker.check_model' },
  E213: { message: 'output {index} of this node is used, which nnfab does not compute', hint: 'only the first output of {opType} is supported' },
  E214: { message: 'the model has {count} inputs; nnfab supports models with one or more tensor inputs of a float type', hint: 'remove non-tensor inputs' },
  E215: { message: 'this node cannot be converted: {reason}', hint: 'the node uses a form nnfab does not handle; please report it with the model file' },
} as const;
