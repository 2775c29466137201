/** E2xx: onnx errors. */
export const ONNX_ERRORS = {
} as const;
