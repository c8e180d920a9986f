import { visualizeShortFlags } from './visualize/flags.js';

/** Ludwig's multi-letter short flags, per subcommand. */
const shortFlagAliases: Record<string, Record<string, string>> = {
  visualize: visualizeShortFlags,
};

/** Ludwig's spellings accepted as aliases of ours (besides snake_case → kebab-case). */
const flagAliases: Record<string, string> = {
  '--model-path': '--model',
  '--model-dir': '--model',
  '--output-dir': '--output-directory',
  '--random-seed': '--seed',
};

/**
 * Ludwig users type `init_config`, `--output_directory`, `--model_path`: rewrite them to our
 * kebab-case names before commander parses the arguments.
 */
export function normalizeArgv(argv: string[]): string[] {
  const shortFlags = shortFlagAliases[(argv[0] ?? '').replace(/_/g, '-')] ?? {};
  return argv.map((arg, i) => {
    if (/^-[a-z]{2,}$/.test(arg) && shortFlags[arg]) return shortFlags[arg];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const flag = (eq < 0 ? arg : arg.slice(0, eq)).replace(/_/g, '-');
      const canonical = flagAliases[flag] ?? flag;
      return eq < 0 ? canonical : canonical + arg.slice(eq);
    }
    if (i === 0 && !arg.startsWith('-')) return arg.replace(/_/g, '-');
    return arg;
  });
}
