/** Runs once when the Next server starts; the Node-only start-up lives in instrumentation-node.ts (Edge bundles must not see it). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build') {
    await import('./instrumentation-node');
  }
}
