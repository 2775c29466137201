/** Table activations (ROMs with the emulator's index rules) and softmax for the Verilog backend. */
import type { Node } from '../../ir/graph.js';
import { fail } from '../../diagnostics/errors.js';
import type { Netlist, ValueId } from './netlist.js';

/** Lookup-table activations (sigmoid, tanh, ...). */
export function lowerTableActivation(_nl: Netlist, node: Node, _x: ValueId[]): ValueId[] {
  const fn = node.op.kind === 'activation' ? node.op.fn : node.op.kind;
  fail('E702', { node: node.name, op: node.op.kind, what: `activation ${fn}` }, { node: node.name, opType: node.source.opType });
}

/** Softmax (stable, with exp and inverse tables) and argmax. */
export function lowerSoftmax(_nl: Netlist, node: Node, _x: ValueId[]): ValueId[] {
  fail('E702', { node: node.name, op: node.op.kind, what: 'softmax' }, { node: node.name, opType: node.source.opType });
}
