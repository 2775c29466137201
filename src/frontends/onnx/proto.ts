/** protobufjs codec for ONNX ModelProto, built once from the embedded schema. */
import protobuf from 'protobufjs';
import { ONNX_PROTO } from './schema.js';
import { InternalError } from '../../diagnostics/errors.js';

/** A decoded message as plain data (snake_case field names, int64 as number, bytes as Uint8Array). */
export type ProtoObject = Record<string, unknown>;

let modelType: protobuf.Type | null = null;

/** The ONNX ModelProto message type. */
export function modelProtoType(): protobuf.Type {
  if (modelType === null) {
    const root = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
    modelType = root.lookupType('onnx.ModelProto');
  }
  return modelType;
}

/** Decode a serialized ModelProto into plain objects. Throws protobufjs errors on corrupt bytes. */
export function decodeModelProto(bytes: Uint8Array): ProtoObject {
  const t = modelProtoType();
  const msg = t.decode(bytes);
  return t.toObject(msg, { longs: Number, enums: Number, bytes: Uint8Array, defaults: false, arrays: true, oneofs: false }) as ProtoObject;
}

/** Encode plain objects (the shape decodeModelProto returns) into a serialized ModelProto. */
export function encodeModelProto(model: ProtoObject): Uint8Array {
  const t = modelProtoType();
  const err = t.verify(model);
  if (err !== null) throw new InternalError(`invalid ModelProto: ${err}`);
  return t.encode(t.fromObject(model)).finish();
}
