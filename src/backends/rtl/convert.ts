/** Entry point of the `--backend verilog` branch of `nnfab convert`: a quantized graph → a Verilog project folder. */
export { convertVerilog, buildVerilog, type VerilogOptions, type VerilogManifest } from './project.js';
