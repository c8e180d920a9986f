import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchDir, repoRoot } from './paths.js';

export interface MachineInfo {
  cpu_model: string;
  cores: number;
  memory_gb: number;
  node: string;
  platform: string;
}

/** The CPU model as /proc/cpuinfo names it (os.cpus() as a fallback off Linux). */
export function machineInfo(): MachineInfo {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) model = match[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    cpu_model: model,
    cores: cpus().length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export interface BuildInfo {
  commit: string | null;
  /** Uncommitted changes exist: the numbers describe the working tree, not `commit` alone. */
  dirty: boolean | null;
  /** When packages/cli/dist was last built (other packages are rebuilt alongside). */
  cli_built_at: string | null;
}

/** Which code was measured: the numbers move with the build, so results carry it. */
export function buildInfo(): BuildInfo {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  // Results written by an earlier run are not code: they must not mark the next run's tree dirty.
  const status = git(['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/results']);
  let builtAt: string | null = null;
  try {
    builtAt = statSync(join(repoRoot, 'packages', 'cli', 'dist', 'index.js')).mtime.toISOString();
  } catch {
    // not built
  }
  return { commit: git(['rev-parse', 'HEAD']), dirty: status === null ? null : status !== '', cli_built_at: builtAt };
}

/** Writes bench/results/<name>.json with the date and machine beside the benchmark's own numbers. */
export async function writeResults(name: string, data: Record<string, unknown>): Promise<string> {
  const dir = join(benchDir, 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const body = { benchmark: name, date: new Date().toISOString(), machine: machineInfo(), build: buildInfo(), ...data };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
