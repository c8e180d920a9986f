import { Command, CommanderError, Option } from 'commander';
import { backendNames } from '@overture/trainer';
import { normalizeArgv } from './argv.js';
import { readEnv } from './env.js';
import { isOvertureError } from '@overture/config';
import { errorJson, formatError, log, printJson } from './output.js';
import { initConfigCommand } from './commands/init-config.js';
import { renderConfigCommand } from './commands/render-config.js';
import { trainCommand } from './commands/train.js';
import { experimentCommand } from './commands/experiment.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { serveCommand } from './commands/serve.js';
import { exportCommand } from './commands/export.js';
import { visualizeCommand } from './commands/visualize.js';
import { describeCommand } from './commands/describe.js';
import { hyperoptCommand } from './commands/hyperopt.js';
import { visualizations } from './visualize/registry.js';

function buildProgram(defaultBackend: string | undefined, defaultModelsDir: string): Command {
  const program = new Command('overture')
    .description('Declarative deep learning: train, evaluate and serve models from a config that describes your data.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const backend = () => new Option('--backend <name>', 'tensor backend (default: tfjs-node when installed, else wasm; env OVERTURE_BACKEND)').choices([...backendNames]).default(defaultBackend);
  const modelsDir = (what: string) => new Option('--models-dir <dir>', `${what} (env OVERTURE_MODELS_DIR; never downloaded)`).default(defaultModelsDir);
  const json = () => new Option('--json', 'print machine-readable results on stdout (logs stay on stderr)');

  program.command('init-config')
    .description('profile a dataset and write a config that predicts the target column(s)')
    .requiredOption('--dataset <file>', 'CSV, TSV, JSON, JSONL, Parquet or Excel file')
    .requiredOption('--target <columns>', 'column(s) to predict, comma separated')
    .option('--output <file>', 'write the YAML here instead of stdout')
    .addOption(json())
    .action(initConfigCommand);

  program.command('render-config')
    .description('print the config with every default filled in')
    .requiredOption('--config <file>', 'YAML or JSON config')
    .option('--output <file>', 'write here instead of stdout')
    .option('--upgrade', "upgrade a Ludwig or older config to today's language (warnings on stderr) instead of filling defaults")
    .addOption(json())
    .action(renderConfigCommand);

  for (const [name, description, action] of [
    ['train', 'train a model; writes OUT/model/ and OUT/training_statistics.json', trainCommand],
    ['experiment', 'train, then evaluate on the test split; writes OUT/test_statistics.json', experimentCommand],
  ] as const) {
    program.command(name)
      .description(description)
      .option('--config <file>', 'YAML or JSON config (required unless --model-resume-path)')
      .option('--dataset <file>', 'training data (required unless --model-resume-path)')
      .option('--output-directory <dir>', 'where the model and statistics go (required unless --model-resume-path)')
      .option('--seed <n>', 'random seed (default 42)')
      .option('--model-load-path <dir>', "start from a trained model's weights (a bundle, or a train output folder holding model/): fine-tuning on this dataset")
      .option('--skip-save-progress', 'write no checkpoints and keep no training state: the run can be neither resumed after a crash nor continued (Ludwig\'s flag; saves disk)')
      .option('--model-resume-path <dir>', 'continue the training saved in this output folder (finished or interrupted), in that folder unless --output-directory: its config (a given --config may change only trainer.epochs, train_steps, early_stop), seed and dataset')
      .addOption(backend())
      .addOption(modelsDir('folder of local pretrained models: a bert encoder reads <dir>/bert-base-uncased/ (onnx/model.onnx, tokenizer.json, config.json)'))
      .addOption(json())
      // Required unless a saved training is continued (its config, dataset and folder are the defaults).
      .hook('preAction', (command) => {
        const given = command.opts<{ modelResumePath?: string; config?: string; dataset?: string; outputDirectory?: string }>();
        if (given.modelResumePath) return;
        for (const [key, flag] of [['config', '--config <file>'], ['dataset', '--dataset <file>'], ['outputDirectory', '--output-directory <dir>']] as const) {
          if (!given[key]) command.error(`error: required option '${flag}' not specified (or --model-resume-path <dir>, to continue a saved training)`, { exitCode: 2, code: 'commander.missingMandatoryOptionValue' });
        }
      })
      .action(action);
  }

  program.command('hyperopt')
    .description("search the config's hyperopt section: trials in parallel processes; writes OUT/hyperopt_statistics.json, OUT/trial_*/ and the best model in OUT/model/")
    .requiredOption('--config <file>', 'YAML or JSON config with a hyperopt section')
    .requiredOption('--dataset <file>', 'training data')
    .requiredOption('--output-directory <dir>', 'where the trials, statistics and best model go')
    .option('--workers <n>', 'trials run at once, each in its own process (default: cores / executor.cpu_resources_per_trial)')
    .option('--seed <n>', 'random seed of the trials and of the search (default 42)')
    .addOption(backend())
    .addOption(modelsDir('folder of local pretrained models (bert, …) the trials read'))
    .addOption(json())
    .action(hyperoptCommand);

  program.command('evaluate')
    .description('test statistics of a trained model on a dataset')
    .requiredOption('--model <dir>', 'model bundle (OUT/model)')
    .requiredOption('--dataset <file>', 'data with the output columns')
    .addOption(new Option('--split <split>', 'rows to evaluate').choices(['full', 'training', 'validation', 'test']).default('full'))
    .option('--output <file>', 'also write the statistics to this JSON file')
    .addOption(backend())
    .addOption(json())
    .action(evaluateCommand);

  program.command('predict')
    .description("predict every row of a dataset (Ludwig's <output>_predictions columns)")
    .requiredOption('--model <dir>', 'model bundle (OUT/model)')
    .requiredOption('--dataset <file>', 'rows to predict; output columns may be absent')
    .option('--output <file>', 'predictions file: .csv, .json, .jsonl or .parquet')
    .addOption(new Option('--engine <engine>', 'onnx runs model.onnx on onnxruntime, as `serve` does; tfjs runs the training stack').choices(['onnx', 'tfjs']).default('onnx'))
    .addOption(backend())
    .addOption(modelsDir("pretrained models, read only when the bundle has no copy of its own (pretrained/)"))
    .addOption(json())
    .action(predictCommand);

  program.command('serve')
    .description('serve a model over HTTP: POST /predict (JSON or CSV), GET /health, GET /openapi.json')
    .requiredOption('--model <dir>', 'model bundle (OUT/model)')
    .option('--port <n>', 'port (0 picks a free one)', '8000')
    .option('--host <address>', 'interface to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--max-body-mb <n>', 'larger request bodies get 413', '10')
    .option('--batch-window-ms <n>', 'how long a request waits for others to share an onnxruntime run', '0')
    .option('--max-batch-rows <n>', 'rows per onnxruntime run at most', '4096')
    .option('--threads <n>', 'onnxruntime threads per run', '1')
    .addOption(modelsDir("pretrained models, read only when the bundle has no copy of its own (pretrained/)"))
    .action(serveCommand);

  program.command('export')
    .description("write the model's inference graph as ONNX (opset 17), to serve it elsewhere")
    .requiredOption('--model <dir>', 'model bundle (OUT/model)')
    .option('--output <file>', 'ONNX file (default: model.onnx in the bundle)')
    .addOption(backend())
    .addOption(json())
    .action(exportCommand);

  program.command('describe')
    .description('print the model card: what it predicts, its data and splits, metrics per split, feature importance, intended use and limitations')
    .requiredOption('--model <dir>', 'model bundle (OUT/model)')
    .addOption(new Option('--json', 'print the card as JSON (card.json)'))
    .action(describeCommand);

  program.command('visualize')
    .description("Ludwig's visualizations of training_statistics.json, test_statistics.json or predicted probabilities, as SVG or PNG files")
    .requiredOption('-v, --visualization <name>', `one of ${Object.keys(visualizations).join(', ')}`)
    .option('--training-statistics <files...>', 'training_statistics.json of one or more models (-trs)')
    .option('--test-statistics <files...>', 'test_statistics.json of one or more models (-tes)')
    .option('--probabilities <files...>', '`overture predict` files with <output>_probabilities_<label> columns (-prob)')
    .option('--predictions <files...>', '`overture predict` files with <output>_predictions columns (-pred)')
    .option('-g, --ground-truth <file>', 'the dataset the probabilities or predictions were predicted from')
    .option('--ground-truth-metadata <file>', 'training_set_metadata.json, for the label order (-gm)')
    .option('--ground-truth-split <n>', "with a split column in the ground truth: 0 training, 1 validation, 2 test (-gts)", '2')
    .option('--split-file <file>', 'split values (0/1/2 or train/validation/test), one per ground truth row in its first column, when the ground truth has no split column (-sf)')
    .option('--output-feature-name <name>', 'the output to plot; every output when absent, where the chart allows (-ofn)')
    .option('--threshold-output-feature-names <names...>', 'the two outputs of confidence_thresholding_2thresholds_2d/_3d (-tf)')
    .option('--hyperopt-stats-path <file>', 'hyperopt_statistics.json, for hyperopt_report (-hs)')
    .option('--output-directory <dir>', 'where the files go (-od)', 'visualizations')
    .option('--file-format <format>', 'svg or png (-ff)', 'svg')
    .option('--model-names <names...>', 'legend names of the models, in the order of the files (-mn)')
    .option('-k, --top-k <n>', 'k of hits@k in compare_classifiers_performance_from_prob and _subset; the largest k of _changing_k', '3')
    .option('-m, --metrics <names...>', 'metrics of binary_threshold_vs_metric: accuracy, precision, recall, f1, specificity', ['f1'])
    .option('--positive-label <n>', 'index of the positive class for roc, precision-recall and threshold charts (-pl)', '1')
    .option('-n, --normalize', 'confusion_matrix: fractions of each true class instead of counts')
    .option('--top-n-classes <n...>', 'how many of the first classes the subset and multiclass charts keep; 0 every class (-tn)', ['0'])
    .option('--labels-limit <n>', 'label indices above n count as one rare class n; 0 keeps every label (-ll)', '0')
    .option('--subset <subset>', 'ground_truth or predictions: whether a row is in the first --top_n_classes by its true or predicted class (-ss)', 'ground_truth')
    .addOption(json())
    .addHelpText('after', `\nVisualizations:\n${Object.entries(visualizations).map(([name, v]) => `  ${name}: ${v.description}`).join('\n')}`)
    .action(visualizeCommand);
  return program;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  let env;
  try {
    env = readEnv();
  } catch (error) {
    log(formatError(error, false));
    return 2;
  }
  const program = buildProgram(env.backend, env.modelsDir);
  try {
    await program.parseAsync(normalizeArgv(argv), { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    log(formatError(error, env.debug));
    // With --json, the problems are also a result: the REST error shape on stdout, for scripts.
    if (argv.includes('--json') && isOvertureError(error)) printJson(errorJson(error));
    return 1;
  }
}
