/** E7xx: rtl errors. */
export const RTL_ERRORS = {
  E701: {
    message: 'node "{node}" has no fixed-point types: the Verilog backend needs a quantized graph',
    hint: 'run the graph through the configuration passes first (convert with a configuration does this)',
  },
  E702: {
    message: 'node "{node}" ({op}): {what} is not yet in the Verilog backend',
    hint: 'use --backend vitis for this model, or remove the layer; dense networks with relu/tables/softmax are supported',
  },
  E703: {
    message: '{dir} is not a Verilog project written by nnfab (no {file})',
    hint: 'create one with `nnfab convert MODEL --backend verilog --out DIR`',
  },
  E704: {
    message: 'Verilator build failed for {dir}',
    hint: 'the build log is in {log}; run `verilator --lint-only -Wall` on the sources to see the problem',
  },
  E705: {
    message: 'Yosys synthesis failed: {reason}',
    hint: 'the log is in {log}',
  },
  E706: {
    message: 'invalid Verilog backend option {option}: {reason}',
    hint: '{hint}',
  },
  E707: {
    message: 'input vectors for {dir}: {reason}',
    hint: 'give one sample per line with as many values as the design has input elements',
  },
  E708: {
    message: '{failed} of {total} samples differ between the Verilog simulation and the emulator',
    hint: 'first mismatch: sample {sample}; this is a bug in the Verilog backend if the project was not edited — please report it',
  },
  E709: {
    message: 'layer "{node}" would build {products} parallel constant products at reuse factor {reuse} (the Verilog backend\'s limit is {limit})',
    hint: 'set ReuseFactor to at least {minReuse} for this layer (a folded engine with fewer multipliers), or raise the limit with NNFAB_MAX_RTL_PRODUCTS=N',
  },
  E710: {
    message: 'layer "{node}": reuse factor {reuse} is larger than its {nIn} inputs; the Verilog backend\'s folded engine takes one chunk of inputs per cycle, so at most {nIn} cycles per sample',
    hint: 'set ReuseFactor for this layer (HLSConfig.LayerName.{node}.ReuseFactor) to a value from 1 to {nIn}; the design then takes a new sample every max-over-layers R cycles',
  },
} as const;
