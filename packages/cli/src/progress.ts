import type { EvaluationEvent, StepEvent } from '@overture/trainer';
import { log } from './output.js';

function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** A progress bar on a terminal; one line per evaluation otherwise (logs, CI). */
export function createProgressReporter(quiet: boolean) {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  return {
    onStep(e: StepEvent) {
      if (quiet || !tty) return;
      const now = Date.now();
      if (now - lastDraw < 100 && e.step < e.totalSteps) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((e.progressPct / 100) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.progressPct.toFixed(0).padStart(3)}% epoch ${e.epoch + 1} step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} eta ${formatSeconds(e.etaSeconds)}`);
    },
    onEvaluation(e: EvaluationEvent) {
      if (quiet) return;
      if (tty) process.stderr.write('\n');
      const parts: string[] = [];
      for (const split of ['training', 'validation', 'test'] as const) {
        const combined = e.metrics[split]?.combined?.loss;
        if (combined !== undefined) parts.push(`${split} loss ${combined.toFixed(4)}`);
      }
      log(`epoch ${e.epoch} (step ${e.step}): ${parts.join(', ')}${e.improved ? ' *' : ''}`);
    },
  };
}
