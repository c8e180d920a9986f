import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OvertureError, type HyperoptConfig } from '@overture/config';
import { readTable, type BackendName } from '@overture/trainer';
import { runStudy, type StudyResult, type TrialRecord } from '@overture/trainer/hyperopt';
import { loadConfigWithSource } from '../load-config.js';
import { log, printJson } from '../output.js';
import { TrialPool } from '../hyperopt/pool.js';
import { SharedPreprocessing } from '../hyperopt/shared-preprocessing.js';

export interface HyperoptOptions {
  config: string;
  dataset: string;
  outputDirectory: string;
  workers?: string;
  seed?: string;
  backend?: BackendName;
  /** The models root of pretrained text encoders (--models-dir, OVERTURE_MODELS_DIR). */
  modelsDir?: string;
  json?: boolean;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
const trialName = (id: number) => `trial_${String(id).padStart(4, '0')}`;

function show(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** How many trials run at once by default: Ray's `auto`, the cores over each trial's cores. */
function defaultWorkers(hyperopt: HyperoptConfig): number {
  return Math.max(1, Math.floor(os.availableParallelism() / hyperopt.executor.cpu_resources_per_trial));
}

function parseWorkers(value: string | undefined, hyperopt: HyperoptConfig): number {
  if (value === undefined) return defaultWorkers(hyperopt);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new OvertureError('invalid_input', `--workers must be a positive integer, got '${value}'`);
  return n;
}

/** Ludwig's hyperopt_statistics.json: the section with its defaults, and the trials with results, best first. */
function statistics(hyperopt: HyperoptConfig, result: StudyResult) {
  return {
    hyperopt_config: hyperopt,
    hyperopt_results: result.ordered.map((t) => ({ parameters: t.parameters, metric_score: t.metricScore, training_stats: t.trainingStats, eval_stats: t.evalStats })),
  };
}

/** `overture hyperopt`: the config's hyperopt section, trials in child processes, Ludwig's output files. */
export async function hyperoptCommand(options: HyperoptOptions): Promise<void> {
  const seed = options.seed === undefined ? 42 : Number(options.seed);
  if (!Number.isInteger(seed)) throw new OvertureError('invalid_input', `--seed must be an integer, got '${options.seed}'`);
  const { resolved, upgraded } = await loadConfigWithSource(options.config);
  const hyperopt = resolved.hyperopt;
  if (hyperopt === null) {
    throw new OvertureError('invalid_config', `${options.config} has no hyperopt section: add one with the parameters to search, e.g. hyperopt: {parameters: {trainer.learning_rate: {space: loguniform, lower: 0.0001, upper: 0.1}}}`, [
      { path: 'hyperopt', message: 'missing' },
    ]);
  }
  const workers = parseWorkers(options.workers, hyperopt);
  await fs.mkdir(options.outputDirectory, { recursive: true });

  const pool = new TrialPool({ dataset: path.resolve(options.dataset), backend: options.backend, baseConfig: upgraded, hyperopt, seed, modelsDir: options.modelsDir ?? null }, workers, undefined,
    (spec, reason) => log(`${trialName(spec.id)}: ${reason}; resuming it in a new process from its last checkpoint`));
  const started = Date.now();
  // The processes load the training stack (most of a short study's start-up) while the table is
  // read and preprocessed here; each takes trials as soon as it is ready.
  const ready = pool.start().then(() => (Date.now() - started) / 1000);
  ready.catch(() => undefined); // awaited below
  let shared: SharedPreprocessing | null = null;
  let result: StudyResult;
  let readyS: number;
  try {
    const table = await readTable(options.dataset);
    log(`read ${table.rowCount} rows × ${table.columns.length} columns from ${options.dataset}`);
    shared = await SharedPreprocessing.create({
      table, dataset: options.dataset, baseConfig: upgraded, seed, modelsDir: options.modelsDir ?? null,
      onPreprocessed: (ms, rows) => log(`preprocessed ${rows} rows in ${(ms / 1000).toFixed(2)} s, shared with every trial of the same preprocessing`),
    });
    log(`hyperopt: ${hyperopt.search_alg.type} search, ${hyperopt.executor.scheduler.type} scheduler, ${workers} worker process${workers === 1 ? '' : 'es'}; optimizing ${hyperopt.goal} ${hyperopt.output_feature} ${hyperopt.metric} on ${hyperopt.split}`);
    const cache = shared;
    const study = runStudy({
      hyperopt, slots: workers, seed,
      runTrial: async (spec, handle) => {
        // A paused trial (hyperband) runs again in its own directory: the training resumes from its checkpoint there.
        if (spec.restore && spec.restore.fromTrialId !== spec.id) throw new OvertureError('unsupported', `continuing ${trialName(spec.id)} from ${trialName(spec.restore.fromTrialId)}'s checkpoint is not supported yet by overture hyperopt`);
        const directory = path.join(options.outputDirectory, trialName(spec.id));
        await fs.mkdir(directory, { recursive: true });
        await fs.writeFile(path.join(directory, 'parameters.json'), json(spec.parameters));
        const summary = await pool.run(spec, handle, directory, await cache.entryFor(spec.parameters));
        await fs.writeFile(path.join(directory, 'training_statistics.json'), json(summary.trainingStats));
        await fs.writeFile(path.join(directory, 'eval_statistics.json'), json(summary.evalStats));
        return summary;
      },
      onTrialStart: (t) => log(`${trialName(t.id)} started: ${Object.entries(t.parameters).map(([k, v]) => `${k}=${show(v)}`).join(', ')}`),
      onTrialPause: (t) => log(`${trialName(t.id)} paused at a ${hyperopt.executor.scheduler.type} rung, waiting for the rest of its bracket`),
      onTrialResume: (t) => log(`${trialName(t.id)} resumed from its checkpoint`),
      onTrialEnd: (t) => log(describeEnd(t, hyperopt)),
    });
    study.catch(() => undefined); // a failed start is reported first, below
    readyS = await ready;
    log(`${workers} trial process${workers === 1 ? '' : 'es'} ready after ${readyS.toFixed(1)} s`);
    result = await study;
  } finally {
    pool.close();
    await shared?.close();
  }

  const stats = statistics(hyperopt, result);
  await fs.writeFile(path.join(options.outputDirectory, 'hyperopt_statistics.json'), json(stats));
  const best = result.ordered[0];
  const bestModel = path.join(options.outputDirectory, 'model');
  await fs.rm(bestModel, { recursive: true, force: true });
  // A trial killed after it was told to stop may have no bundle: the best trial that saved one is copied.
  const modelOf = (t: TrialRecord) => path.join(options.outputDirectory, trialName(t.id), 'model');
  const saved = result.ordered.find((t) => existsSync(path.join(modelOf(t), 'bundle.json')));
  if (saved) await fs.cp(modelOf(saved), bestModel, { recursive: true });
  if (saved !== best) log(saved ? `warning: ${trialName(best.id)} saved no model; ${bestModel} is ${trialName(saved.id)}'s` : 'warning: no trial saved a model');
  const counts = (status: string) => result.trials.filter((t) => t.status === status).length;
  log(`hyperopt: ${result.trials.length} trials (${counts('completed')} completed, ${counts('stopped')} stopped early, ${counts('failed')} failed) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${readyS.toFixed(1)} s of it starting the trial processes${result.budgetExhausted ? '; the time budget ran out' : ''}`);
  log(`best: ${trialName(best.id)} ${hyperopt.metric} ${show(best.metricScore)} with ${Object.entries(best.parameters).map(([k, v]) => `${k}=${show(v)}`).join(', ')}${saved ? `; model copied to ${bestModel}` : ''}`);
  if (options.json) printJson({ best_trial: trialName(best.id), best_parameters: best.parameters, best_metric_score: best.metricScore, model_path: saved ? bestModel : null, hyperopt_statistics: path.join(options.outputDirectory, 'hyperopt_statistics.json') });
}

function describeEnd(t: TrialRecord, hyperopt: HyperoptConfig): string {
  const name = trialName(t.id);
  if (t.status === 'failed') return `${name} failed: ${t.error}`;
  const how = t.status === 'stopped' ? `stopped early by the ${t.stoppedBy === 'time_budget' ? 'time budget' : `${hyperopt.executor.scheduler.type} scheduler`}` : 'completed';
  return `${name} ${how} after ${t.reports} evaluation${t.reports === 1 ? '' : 's'}: ${hyperopt.metric} ${t.metricScore === null ? 'none' : show(t.metricScore)}`;
}
