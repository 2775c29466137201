/** The list of CLI commands, in the order `nnfab --help` shows them. Each file registers one command. */
import type { Command } from 'commander';
import { registerCompare } from './compare.js';
import { registerConfig } from './config.js';
import { registerConvert } from './convert.js';
import { registerCsim } from './csim.js';
import { registerTypes } from './types.js';
import { registerFixed } from './fixed.js';
import { registerInspect } from './inspect.js';
import { registerPredict } from './predict.js';
import { registerReport } from './report.js';
import { registerDemo } from './demo.js';
import { registerSim } from './sim.js';
import { registerSynth } from './synth.js';

/** Registers one subcommand on the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerInspect, registerPredict, registerCompare, registerConfig, registerTypes, registerFixed, registerConvert, registerCsim, registerReport, registerDemo, registerSim, registerSynth];
