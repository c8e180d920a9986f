const T = await import('@overture/trainer');
const P = await import('@overture/trainer/preprocessing');
const C = await import('@overture/config');
await T.initBackend('wasm');
const ds = process.argv[2];
const table = await T.readTable(`/work/shared/datasets/${ds}.csv`);
const base = JSON.parse(process.argv[3]);
for (let i = 0; i < 2; i++) {
  const { config } = C.resolveConfig(base);
  const a = performance.now();
  const pre = P.preprocessForTraining(table, config, { seed: 42 });
  const b = performance.now();
  let ev = [];
  const r = await T.trainOnTable({ table, config, seed: 42, outputDirectory: `/tmp/hw/p${i}`, featureImportance: false, preprocessed: pre, callbacks: { onEvaluation(e) { ev.push([(performance.now()-b).toFixed(0), JSON.stringify(e.metrics.validation)]); } } });
  const c = performance.now();
  console.log(`preprocess ${(b-a).toFixed(0)} ms, trainOnTable ${(c-b).toFixed(0)} ms`, ev.map(e => e[0]).join(' '), ev.at(-1)[1].slice(0, 200));
  r.outcome.model.dispose();
}
