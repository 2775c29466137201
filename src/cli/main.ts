/** The nnfab command line: registers one command per file and maps errors to exit codes. */
import { Command, CommanderError } from 'commander';
import { diagnostic, InternalError, NnfabError } from '../diagnostics/errors.js';
import { COMMANDS } from './commands.js';
import { VERSION } from '../version.js';

/** Exit codes: 0 success, 1 user error, 2 internal error. */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const;

/** Build the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('nnfab')
    .description('Compile trained neural networks into bit-exact fixed-point FPGA/ASIC firmware')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // every command takes --json: errors (and, where the command defines it, results) as JSON on stdout
  for (const c of program.commands) {
    if (!c.options.some((o) => o.long === '--json')) c.option('--json', 'print errors as JSON on stdout');
  }
  return program;
}

/** A command-line usage error (unknown option, missing argument) as a catalogued E003 error. */
function usageError(err: CommanderError, argv: readonly string[]): NnfabError {
  const message = err.message.replace(/^error:\s*/, '');
  const option = /'([^']+)'/.exec(message)?.[1] ?? '(arguments)';
  const command = argv.slice(2).find((a) => !a.startsWith('-')) ?? '';
  return new NnfabError([diagnostic('E003', { option, reason: message, command }, {})]);
}

/** Print an error in human or JSON form and return its exit code. */
export function reportError(err: unknown, json: boolean): number {
  if (err instanceof NnfabError) {
    if (json) process.stdout.write(JSON.stringify(err.toJSON(), null, 2) + '\n');
    else process.stderr.write(`error: ${err.message}\n`);
    return EXIT.user;
  }
  const internal = err instanceof InternalError ? err : new InternalError(err instanceof Error ? err.message : String(err), { cause: err });
  const stack = err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (json) process.stdout.write(JSON.stringify({ error: 'internal', message: internal.message }, null, 2) + '\n');
  process.stderr.write(
    `${internal.message}\nPlease report it with the command line and the model file at https://github.com/nnfab/nnfab/issues${process.env.NNFAB_DEBUG ? stack : ' (set NNFAB_DEBUG=1 for a stack trace)'}\n`,
  );
  return EXIT.internal;
}

/** Run the CLI with `argv` (as process.argv) and exit with the right code. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  const json = argv.includes('--json');
  // with --json, commander's own usage messages are replaced by the JSON error below
  if (json) for (const c of [program, ...program.commands]) c.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  try {
    await program.parseAsync([...argv]);
    process.exitCode = EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed help/version or the usage error (unless --json asked for it as JSON)
      if (json && err.exitCode !== 0) reportError(usageError(err, argv), true);
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.user;
      return;
    }
    process.exitCode = reportError(err, json);
  }
}
