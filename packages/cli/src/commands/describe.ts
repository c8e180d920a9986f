import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BUNDLE_FILES, buildModelCard, readBundleDescription, readBundleJson, renderModelCard, type ModelCard } from '@overture/trainer/bundle';
import { printJson } from '../output.js';

async function readOptional(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The bundle's card.json, or for a bundle saved before it existed (format 1.1 and older) the
 * card rebuilt from what such a bundle holds: config, manifest, progress, training statistics.
 */
async function readCard(directory: string): Promise<{ card: ModelCard; markdown: string | null }> {
  const description = await readBundleDescription(directory);
  const stored = await readOptional(path.join(directory, BUNDLE_FILES.cardData));
  const markdown = await readOptional(path.join(directory, BUNDLE_FILES.card));
  if (stored) return { card: JSON.parse(stored) as ModelCard, markdown };
  const card = buildModelCard({
    config: description.config,
    manifest: description.manifest,
    progress: await readBundleJson<Record<string, unknown>>(directory, BUNDLE_FILES.progress),
    statistics: await readBundleJson<unknown>(directory, BUNDLE_FILES.statistics),
  });
  return { card, markdown: renderModelCard(card) };
}

/** `overture describe`: the model card of a bundle (Markdown; `--json` for the card as data). */
export async function describeCommand(options: { model: string; json?: boolean }): Promise<void> {
  const { card, markdown } = await readCard(options.model);
  if (options.json) printJson(card);
  else process.stdout.write(markdown ?? renderModelCard(card));
}
