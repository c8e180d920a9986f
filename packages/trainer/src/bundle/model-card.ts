import type { ResolvedConfig } from '@overture/config';
import type { BundleManifest } from './format.js';

/** A short human-readable description of the model: what it predicts, from what, how well. */
export function renderModelCard(args: {
  config: ResolvedConfig;
  manifest: BundleManifest;
  progress: Record<string, unknown>;
  testStatistics?: Record<string, unknown> | null;
  datasetName?: string;
}): string {
  const { config, manifest, progress, testStatistics } = args;
  const lines = [
    `# Model card`,
    '',
    `Trained ${manifest.created} with Overture ${manifest.overture_version} on the ${manifest.backend} backend (seed ${manifest.seed}).`,
    args.datasetName ? `Dataset: ${args.datasetName}.` : '',
    '',
    '## Predicts',
    ...config.output_features.map((f) => `- **${f.name}** (${f.type})${f.dependencies.length ? `, conditioned on ${f.dependencies.join(', ')}` : ''}`),
    '',
    '## From',
    ...config.input_features.map((f) => `- ${f.name} (${f.type}, ${f.encoder.type} encoder)`),
    '',
    '## Training',
    `- ${manifest.parameters.toLocaleString('en-US')} parameters; combiner ${config.combiner.type}`,
    `- batch size ${String(config.trainer.batch_size)}, learning rate ${String(config.trainer.learning_rate)}, optimizer ${config.trainer.optimizer.type}`,
    `- ${String(progress.epoch)} epochs, ${String(progress.steps)} steps; stopped: ${String(progress.stop_reason)}`,
  ];
  if (testStatistics) {
    lines.push('', '## Test metrics');
    for (const feature of config.output_features) {
      const stats = testStatistics[feature.name] as Record<string, unknown> | undefined;
      if (!stats) continue;
      const scalars = Object.entries(stats).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${(v as number).toFixed(4)}`);
      lines.push(`- ${feature.name}: ${scalars.join(', ')}`);
    }
  }
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n') + '\n';
}
