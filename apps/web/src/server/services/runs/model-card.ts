import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context';
import { runBundleDirectory } from '../store-paths';
import { requireRun } from './service';

/** The bundle's files the card lives in (packages/trainer/src/bundle/format.ts). */
const CARD_FILES = { data: 'card.json', markdown: 'card.md' } as const;

async function readOptional(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch(() => null);
}

/**
 * The model card of a completed run's bundle: card.json (the card as data, bundles of format 1.2
 * on) and card.md. Both null before the run completes; `card` null for older bundles.
 */
export async function readRunCard(ctx: AppContext, runId: string): Promise<{ card: unknown; markdown: string | null }> {
  const run = await requireRun(ctx, runId);
  if (run.status !== 'completed') return { card: null, markdown: null };
  const directory = await runBundleDirectory(ctx.db, ctx.env.dataDir, runId);
  const [data, markdown] = await Promise.all([
    readOptional(path.join(/*turbopackIgnore: true*/ directory, CARD_FILES.data)),
    readOptional(path.join(/*turbopackIgnore: true*/ directory, CARD_FILES.markdown)),
  ]);
  let card: unknown = null;
  try {
    card = data === null ? null : JSON.parse(data);
  } catch (error) {
    ctx.log(`run ${runId}: cannot read ${CARD_FILES.data}: ${(error as Error).message}`);
  }
  return { card, markdown };
}
