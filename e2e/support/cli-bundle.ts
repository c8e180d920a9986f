import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { toyConfig, toyCsv } from '@overture/testing';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Trains a model with the CLI as a user would (`overture experiment` on a toy CSV) and archives
 * its output directory as the README says (`tar czf model.tar.gz -C OUT .`), and the model folder
 * alone (`-C OUT model`, what a run's download holds: no statistics beside it).
 */
export async function cliTrainedArchive(epochs = 4): Promise<{ archive: string; bareArchive: string; outputDirectory: string }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'overture-e2e-cli-'));
  const dataset = path.join(folder, 'toy.csv');
  const config = path.join(folder, 'config.json');
  const outputDirectory = path.join(folder, 'out');
  writeFileSync(dataset, toyCsv(200, 7));
  writeFileSync(config, JSON.stringify(toyConfig({ epochs })));
  await run(process.execPath, [path.join(root, 'packages/cli/bin/overture.js'), 'experiment', '--config', config, '--dataset', dataset, '--output-directory', outputDirectory], { timeout: 120_000 });
  const archive = path.join(folder, 'toy-cli-model.tar.gz');
  await run('tar', ['czf', archive, '-C', outputDirectory, '.']);
  const bareArchive = path.join(folder, 'model.tar.gz');
  await run('tar', ['czf', bareArchive, '-C', outputDirectory, 'model']);
  return { archive, bareArchive, outputDirectory };
}
