import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked, type CommandResult } from './run.js';
import { repoRoot } from './paths.js';

const cliBin = join(repoRoot, 'packages', 'cli', 'bin', 'overture.js');
const cliDist = join(repoRoot, 'packages', 'cli', 'dist', 'index.js');

/** Benchmarks measure the built CLI; without dist/ there is nothing to measure. */
export function requireBuiltCli(): void {
  if (!existsSync(cliDist)) {
    console.error(`${cliDist} is missing: run \`npm run build\` first (benchmarks run the built CLI).`);
    process.exit(1);
  }
}

/** Runs `overture <args>` as a child process (node + the committed bin shim), failing on a non-zero exit. */
export function runOverture(args: string[]): Promise<CommandResult> {
  return runChecked(process.execPath, [cliBin, ...args], { cwd: repoRoot });
}

/** `--name N` from the command line: a positive integer, else `fallback` when absent; anything else is an error. */
export function positiveIntOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer, got '${process.argv[at + 1]}'`);
  return value;
}
