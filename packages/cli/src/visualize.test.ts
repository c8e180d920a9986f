import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';
import { unsupportedVisualizations, visualizations } from './visualize/registry.js';

const config = `input_features:
  - {name: a, type: number}
  - {name: b, type: number}
output_features:
  - {name: label, type: binary}
  - {name: city, type: category}
trainer: {epochs: 6, batch_size: 32, learning_rate: 0.01}
`;

/** Ludwig's hyperopt_statistics.json (hyperopt_config + hyperopt_results of 12 trials over four parameters). */
const hyperoptStats = fileURLToPath(new URL('./test/hyperopt_statistics.json', import.meta.url));

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Parses the SVG and returns its root attributes and how many drawn marks (paths, rects, texts) it has. */
function svgSummary(file: string): { width: number; height: number; marks: number; text: string } {
  const text = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(text), `${file} is well-formed XML`).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text);
  expect(doc.svg, `${file} has an <svg> root`).toBeDefined();
  const marks = (text.match(/<(path|rect|line|circle|text)\b/g) ?? []).length;
  return { width: Number(doc.svg.width), height: Number(doc.svg.height), marks, text };
}

describe('overture visualize', () => {
  const dir = tempDir();
  const out = path.join(dir, 'out');
  let dataset: string;
  let predictions: string;

  beforeAll(async () => {
    dataset = writeFile(dir, 'toy.csv', toyCsv(160));
    const configFile = writeFile(dir, 'config.yaml', config);
    const trained = await runCli(['experiment', '--config', configFile, '--dataset', dataset, '--output_directory', out]);
    expect(trained.code, trained.stderr).toBe(0);
    predictions = path.join(dir, 'predictions.csv');
    const predicted = await runCli(['predict', '--model', path.join(out, 'model'), '--dataset', dataset, '--output', predictions]);
    expect(predicted.code, predicted.stderr).toBe(0);
  }, 120_000);

  /** Charts of one class against the rest, or that the existing tests drew for the binary output; the others draw the 3-class one. */
  const onBinaryOutput: string[] = ['roc_curves', 'precision_recall_curves', 'calibration_1_vs_all', 'binary_threshold_vs_metric', 'confidence_thresholding'];

  /** Ludwig-spelled arguments that give each visualization what it reads. */
  const inputsFor = (name: keyof typeof visualizations): string[] => {
    const truth = ['--ground_truth', dataset, '-gm', path.join(out, 'model/training_set_metadata.json')];
    switch (visualizations[name].needs) {
      case 'training_statistics': return ['--training_statistics', path.join(out, 'training_statistics.json')];
      case 'test_statistics': return ['-tes', path.join(out, 'test_statistics.json')];
      case 'probabilities': return ['--probabilities', predictions, ...truth, '-ofn', onBinaryOutput.includes(name) ? 'label' : 'city'];
      case 'predictions': return ['--predictions', predictions, predictions, '-mn', 'first', 'second', ...truth, '-ofn', 'city'];
      case 'threshold_probabilities': return ['-prob', predictions, ...truth, '--threshold_output_feature_names', 'label', 'city'];
      case 'hyperopt_statistics': return ['--hyperopt_stats_path', hyperoptStats];
    }
  };

  // hyperopt_hiplot is a page, not chart files: its own tests below.
  for (const name of (Object.keys(visualizations) as (keyof typeof visualizations)[]).filter((n) => !visualizations[n].page)) {
    it(`${name} renders valid, non-empty SVG and PNG files from a trained model's outputs`, async () => {
      const svgDir = path.join(dir, 'viz', name, 'svg');
      const pngDir = path.join(dir, 'viz', name, 'png');
      const svg = await runCli(['visualize', '--visualization', name, ...inputsFor(name), '--output_directory', svgDir, '--file_format', 'svg', '--json']);
      expect(svg.code, svg.stderr).toBe(0);
      const png = await runCli(['visualize', '-v', name, ...inputsFor(name), '-od', pngDir, '-ff', 'png']);
      expect(png.code, png.stderr).toBe(0);
      const svgFiles = readdirSync(svgDir).sort();
      expect(JSON.parse(svg.stdout).files.map((f: string) => path.basename(f)).sort()).toEqual(svgFiles);
      expect(svgFiles.length).toBeGreaterThan(0);
      const prefix = visualizations[name].filePrefix ?? name;
      expect(svgFiles.every((f) => f.startsWith(prefix) && f.endsWith('.svg'))).toBe(true);
      expect(readdirSync(pngDir).sort()).toEqual(svgFiles.map((f) => f.replace(/\.svg$/, '.png')));
      for (const file of svgFiles) {
        const summary = svgSummary(path.join(svgDir, file));
        expect(summary.width).toBeGreaterThan(100);
        expect(summary.height).toBeGreaterThan(100);
        expect(summary.marks, `${file} draws marks`).toBeGreaterThan(10);
        // The PNG is the same picture at twice the size.
        expect(pngSize(path.join(pngDir, file.replace(/\.svg$/, '.png')))).toEqual({ width: summary.width * 2, height: summary.height * 2 });
      }
    }, 60_000);
  }

  it('learning_curves draws one chart per metric of the chosen output, a line per split', async () => {
    const target = path.join(dir, 'viz', 'lc-label');
    const r = await runCli(['visualize', '--visualization', 'learning_curves', '--training-statistics', path.join(out, 'training_statistics.json'), '--output-feature-name', 'label', '--output-directory', target]);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(target);
    expect(files).toEqual(expect.arrayContaining(['learning_curves_label_loss.svg', 'learning_curves_label_accuracy.svg', 'learning_curves_label_roc_auc.svg']));
    expect(files.some((f) => f.startsWith('learning_curves_city') || f.startsWith('learning_curves_combined'))).toBe(false);
    const loss = svgSummary(path.join(target, 'learning_curves_label_loss.svg')).text;
    for (const split of ['training', 'validation', 'test']) expect(loss).toContain(`>${split}<`);
    const { text } = svgSummary(path.join(target, 'learning_curves_label_accuracy.svg'));
    expect(text).toContain('>validation<');
    expect(text).toContain('Learning curves: label accuracy');
  });

  it('confusion_matrix labels its axes with the classes and --normalize writes row fractions', async () => {
    const target = path.join(dir, 'viz', 'cm');
    const r = await runCli(['visualize', '-v', 'confusion_matrix', '-tes', path.join(out, 'test_statistics.json'), '-ofn', 'label', '-od', target, '--normalize']);
    expect(r.code, r.stderr).toBe(0);
    const { text } = svgSummary(path.join(target, 'confusion_matrix_label.svg'));
    for (const label of ['no', 'yes', 'normalized', 'predicted', 'actual']) expect(text).toContain(label);
  });

  it('compare_performance puts several models side by side under their --model_names', async () => {
    const stats = path.join(out, 'test_statistics.json');
    const target = path.join(dir, 'viz', 'cmp');
    const r = await runCli(['visualize', '-v', 'compare_performance', '--test_statistics', stats, stats, '--model_names', 'first', 'second', '-od', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { text } = svgSummary(path.join(target, 'compare_performance_label.svg'));
    expect(text).toContain('first');
    expect(text).toContain('second');
  });

  it("hyperopt_hiplot writes one self-contained HTML page: parallel coordinates as inline SVG and the trials best first", async () => {
    const target = path.join(dir, 'viz', 'hiplot');
    const r = await runCli(['visualize', '--visualization', 'hyperopt_hiplot', '-hs', hyperoptStats, '--output_directory', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(target)).toEqual(['hyperopt_hiplot.html']);
    expect(JSON.parse(r.stdout).files.map((f: string) => path.basename(f))).toEqual(['hyperopt_hiplot.html']);
    const html = readFileSync(path.join(target, 'hyperopt_hiplot.html'), 'utf8');
    const stats = JSON.parse(readFileSync(hyperoptStats, 'utf8'));
    // Nothing is fetched: no external script, stylesheet or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    for (const axis of ['combiner.activation', 'combiner.num_fc_layers', 'trainer.batch_size', 'trainer.learning_rate', stats.hyperopt_config.metric]) expect(svg).toContain(`>${axis}<`);
    // A line per trial through the axes.
    expect((svg.match(/<path[^>]*aria-roledescription="line mark"/g) ?? []).length).toBe(stats.hyperopt_results.length);
    const scores = [...html.matchAll(/<tr>(?:<td[^>]*>[^<]*<\/td>)*<td class="num" data-sort="([^"]+)">[^<]*<\/td><\/tr>/g)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(stats.hyperopt_results.length);
    const sorted = [...scores].sort((a, b) => (stats.hyperopt_config.goal === 'maximize' ? b - a : a - b));
    expect(scores).toEqual(sorted);
  });

  it('hyperopt_hiplot escapes parameter values from the statistics file', async () => {
    const stats = JSON.parse(readFileSync(hyperoptStats, 'utf8'));
    for (const t of stats.hyperopt_results) t.parameters['combiner.activation'] = '<img src=x onerror=alert(1)>';
    const target = path.join(dir, 'viz', 'hiplot-escape');
    const r = await runCli(['visualize', '-v', 'hyperopt_hiplot', '-hs', writeFile(dir, 'hostile-hyperopt.json', JSON.stringify(stats)), '-od', target]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(path.join(target, 'hyperopt_hiplot.html'), 'utf8');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(Object.keys(unsupportedVisualizations).length + Object.keys(visualizations).length).toBe(26);
  });

  it('an unknown visualization name lists the ones it can draw', async () => {
    const r = await runCli(['visualize', '-v', 'learning_curve', '-trs', path.join(out, 'training_statistics.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown visualization 'learning_curve'");
    expect(r.stderr).toContain('learning_curves');
  });

  it('a missing statistics file is a clear error, not a stack trace', async () => {
    const missing = path.join(dir, 'nope', 'training_statistics.json');
    const r = await runCli(['visualize', '-v', 'learning_curves', '--training_statistics', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`training_statistics file ${missing} does not exist`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a visualization without its input flag says which flag it needs', async () => {
    const r = await runCli(['visualize', '-v', 'roc_curves_from_test_statistics', '-trs', path.join(out, 'training_statistics.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('roc_curves_from_test_statistics needs --test_statistics');
  });

  it('a file of the wrong kind is named as such', async () => {
    const r = await runCli(['visualize', '-v', 'learning_curves', '-trs', path.join(out, 'test_statistics.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a training_statistics.json file');
  });

  it('a bad flag is a usage error (exit 2) and pdf is refused as not supported yet', async () => {
    const bad = await runCli(['visualize', '-v', 'learning_curves', '--training_stats', 'x.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--training-stats'");
    const pdf = await runCli(['visualize', '-v', 'learning_curves', '-trs', path.join(out, 'training_statistics.json'), '-ff', 'pdf']);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain('pdf is a Ludwig file format that Overture does not support yet');
    const subset = await runCli(['visualize', '-v', 'compare_classifiers_performance_subset', '-prob', predictions, '-g', dataset, '-ofn', 'city', '--subset', 'labels']);
    expect(subset.code).toBe(1);
    expect(subset.stderr).toContain("--subset must be ground_truth or predictions, got 'labels'");
    const top = await runCli(['visualize', '-v', 'compare_classifiers_performance_subset', '-prob', predictions, '-g', dataset, '-ofn', 'city', '-tn', 'two']);
    expect(top.code).toBe(1);
    expect(top.stderr).toContain("--top_n_classes must be a whole number ≥ 0, got 'two'");
  });

  it('roc_curves from probabilities on the test split draws the curve test_statistics.json holds', async () => {
    // A fixed split column, so --ground_truth_split 2 picks the rows the experiment tested on.
    const lines = toyCsv(160).trim().split('\n');
    const withSplit = writeFile(dir, 'split.csv', [lines[0] + ',split', ...lines.slice(1).map((l, i) => `${l},${i % 5 === 0 ? 2 : i % 5 === 1 ? 1 : 0}`)].join('\n') + '\n');
    const splitConfig = writeFile(dir, 'split.yaml', config + 'preprocessing: {split: {type: fixed, column: split}}\n');
    const splitOut = path.join(dir, 'split-out');
    expect((await runCli(['experiment', '--config', splitConfig, '--dataset', withSplit, '--output_directory', splitOut])).code).toBe(0);
    const preds = path.join(dir, 'split-preds.csv');
    expect((await runCli(['predict', '--model', path.join(splitOut, 'model'), '--dataset', withSplit, '--output', preds, '--engine', 'tfjs'])).code).toBe(0);
    const fromProb = path.join(dir, 'viz', 'agree-prob');
    const fromStats = path.join(dir, 'viz', 'agree-stats');
    expect((await runCli(['visualize', '-v', 'roc_curves', '-prob', preds, '-g', withSplit, '-gts', '2', '-ofn', 'label', '-mn', 'm', '-od', fromProb])).code).toBe(0);
    expect((await runCli(['visualize', '-v', 'roc_curves_from_test_statistics', '-tes', path.join(splitOut, 'test_statistics.json'), '-ofn', 'label', '-mn', 'm', '-od', fromStats])).code).toBe(0);
    // The same drawn paths and axis labels in both charts (only the title differs).
    const marks = (file: string) => {
      const { text } = svgSummary(file);
      return { paths: [...text.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]), labels: [...text.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((t) => !t.startsWith('ROC curves')) };
    };
    const a = marks(path.join(fromProb, 'roc_curves_label_yes.svg'));
    expect(a.paths.length).toBeGreaterThan(5);
    expect(a).toEqual(marks(path.join(fromStats, 'roc_curves_from_test_statistics_label.svg')));
  }, 120_000);

  it('probabilities that do not line up with the ground truth are refused with both row counts', async () => {
    const short = writeFile(dir, 'short.csv', readFileSync(predictions, 'utf8').split('\n').slice(0, 11).join('\n') + '\n');
    const r = await runCli(['visualize', '-v', 'roc_curves', '--probabilities', short, '--ground_truth', dataset, '-ofn', 'label']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has 10 rows but the ground_truth file');
    expect(r.stderr).toContain('has 160');
  });

  /** A second "model" that always answers rome, so two models disagree in known ways. */
  const constantPredictions = (): string => {
    const [header, ...rows] = readFileSync(predictions, 'utf8').trim().split('\n');
    const at = header.split(',').indexOf('city_predictions');
    return writeFile(dir, 'rome.csv', [header, ...rows.map((r) => r.split(',').map((v, i) => (i === at ? 'rome' : v)).join(','))].join('\n') + '\n');
  };
  const column = (file: string, name: string): string[] => {
    const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
    const at = header.split(',').indexOf(name);
    return rows.map((r) => r.split(',')[at]);
  };

  it('compare_classifiers_predictions counts both right / one right / both wrong of two --predictions files', async () => {
    const rome = constantPredictions();
    const target = path.join(dir, 'viz', 'ccp');
    const r = await runCli(['visualize', '-v', 'compare_classifiers_predictions', '-pred', predictions, rome, '-mn', 'trained', 'rome', '-g', dataset, '-ofn', 'city', '-od', target]);
    expect(r.code, r.stderr).toBe(0);
    const truth = column(dataset, 'city');
    const trained = column(predictions, 'city_predictions');
    const bothRight = truth.filter((t, i) => t === 'rome' && trained[i] === 'rome').length;
    const trainedOnly = truth.filter((t, i) => t !== 'rome' && trained[i] === t).length;
    const { text } = svgSummary(path.join(target, 'compare_classifiers_predictions_city_trained_rome.svg'));
    expect(text).toContain(`both right: ${bothRight} (`);
    expect(text).toContain(`trained right / rome wrong: ${trainedOnly} (`);
    expect(text).toContain('>160 rows<');
    const one = await runCli(['visualize', '-v', 'compare_classifiers_predictions', '-pred', predictions, '-g', dataset, '-ofn', 'city']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('compares two models: pass two --predictions files, got 1');
  });

  it('--split_file keeps the rows of --ground_truth_split when the ground truth has no split column', async () => {
    const splits = writeFile(dir, 'splits.csv', 'split\n' + Array.from({ length: 160 }, (_, i) => (i < 40 ? 2 : 0)).join('\n') + '\n');
    const target = path.join(dir, 'viz', 'split-file');
    const r = await runCli(['visualize', '-v', 'compare_classifiers_predictions', '-pred', predictions, constantPredictions(), '-g', dataset, '-sf', splits, '-ofn', 'city', '-mn', 'a', 'b', '-od', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(svgSummary(path.join(target, 'compare_classifiers_predictions_city_a_b.svg')).text).toContain('>40 rows<');
    const short = writeFile(dir, 'short-splits.csv', 'split\n2\n2\n');
    const bad = await runCli(['visualize', '-v', 'compare_classifiers_predictions', '-pred', predictions, predictions, '-g', dataset, '-sf', short, '-ofn', 'city']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`the split_file ${short} has 2 rows but the ground_truth file ${dataset} has 160`);
  });

  it('--labels_limit merges the rarer labels into one class', async () => {
    const target = path.join(dir, 'viz', 'limit');
    const r = await runCli(['visualize', '-v', 'compare_classifiers_predictions_distribution', '-pred', predictions, '-g', dataset, '-gm', path.join(out, 'model/training_set_metadata.json'), '-ofn', 'city', '-ll', '1', '-od', target]);
    expect(r.code, r.stderr).toBe(0);
    const { text } = svgSummary(path.join(target, 'compare_classifiers_predictions_distribution_city.svg'));
    const metadata = JSON.parse(readFileSync(path.join(out, 'model/training_set_metadata.json'), 'utf8'));
    const [first, second, third] = metadata.city.idx2str as string[];
    expect(text).toContain(`>${first}<`);
    expect(text).toContain(`>${second} and rarer<`);
    expect(text).not.toContain(`>${third}<`);
    expect(text).toContain('>ground truth<');
  });

  it('a --predictions file without the output\'s predictions column is named with its columns', async () => {
    const r = await runCli(['visualize', '-v', 'compare_classifiers_performance_from_pred', '-pred', dataset, '-g', dataset, '-ofn', 'city']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the predictions file ${dataset} has no city_predictions column`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('per-class and multiclass charts keep the first --top_n_classes classes, a file per class or per cut', async () => {
    const target = path.join(dir, 'viz', 'per-class');
    const metadataFile = path.join(out, 'model/training_set_metadata.json');
    const r = await runCli(['visualize', '-v', 'confidence_thresholding_data_vs_acc_subset_per_class', '-prob', predictions, '-g', dataset, '-gm', metadataFile, '-ofn', 'city', '-tn', '2', '-od', target]);
    expect(r.code, r.stderr).toBe(0);
    const [first, second] = JSON.parse(readFileSync(metadataFile, 'utf8')).city.idx2str as string[];
    expect(readdirSync(target).sort()).toEqual([first, second].map((l) => `confidence_thresholding_data_vs_acc_subset_per_class_city_${l}.svg`).sort());
    const multi = path.join(dir, 'viz', 'multi');
    const m = await runCli(['visualize', '-v', 'compare_classifiers_multiclass_multimetric', '-tes', path.join(out, 'test_statistics.json'), '-gm', metadataFile, '-ofn', 'city', '-tn', '2', '-od', multi]);
    expect(m.code, m.stderr).toBe(0);
    expect(readdirSync(multi).sort()).toEqual(['best2', 'sorted', 'top2', 'worst2'].map((p) => `compare_classifiers_multiclass_multimetric_city_${p}.svg`));
    const top2 = svgSummary(path.join(multi, 'compare_classifiers_multiclass_multimetric_city_top2.svg')).text;
    for (const label of [first, second, 'precision', 'recall', 'f1 score']) expect(top2).toContain(`>${label}<`);
  });

  it('the two-threshold charts need two --threshold_output_feature_names and one --probabilities file', async () => {
    const base = ['-g', dataset, '-gm', path.join(out, 'model/training_set_metadata.json')];
    const none = await runCli(['visualize', '-v', 'confidence_thresholding_2thresholds_2d', '-prob', predictions, ...base]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('confidence_thresholding_2thresholds_2d needs two --threshold_output_feature_names (binary or category outputs), got 0');
    const two = await runCli(['visualize', '-v', 'confidence_thresholding_2thresholds_3d', '-prob', predictions, predictions, ...base, '-tf', 'label', 'city']);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("reads one model's --probabilities file (with both outputs' probabilities), got 2");
    const numeric = await runCli(['visualize', '-v', 'confidence_thresholding_2thresholds_3d', '-prob', predictions, ...base, '-tf', 'label', 'size']);
    expect(numeric.code).toBe(1);
    expect(numeric.stderr).toContain('has no size_probabilities_<label> columns');
    const target = path.join(dir, 'viz', '2d');
    const r = await runCli(['visualize', '-v', 'confidence_thresholding_2thresholds_2d', '-prob', predictions, ...base, '-tf', 'label', 'city', '-od', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['maxline', 'maxline_with_thresholds', 'multiline'].map((p) => `confidence_thresholding_2thresholds_2d_label_city_${p}.svg`));
    expect(svgSummary(path.join(target, 'confidence_thresholding_2thresholds_2d_label_city_maxline_with_thresholds.svg')).text).toContain('>city threshold<');
  });

  it('hyperopt_report writes hyperopt_<parameter> per parameter and a pair plot, from Ludwig\'s hyperopt_statistics.json', async () => {
    const target = path.join(dir, 'viz', 'hyperopt');
    const r = await runCli(['visualize', '-v', 'hyperopt_report', '-hs', hyperoptStats, '-od', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const params = ['combiner.activation', 'combiner.num_fc_layers', 'trainer.batch_size', 'trainer.learning_rate'];
    expect(readdirSync(target).sort()).toEqual([...params.map((p) => `hyperopt_${p}.svg`), 'hyperopt_pair_plot.svg'].sort());
    const pair = svgSummary(path.join(target, 'hyperopt_pair_plot.svg')).text;
    for (const text of [...params, 'relu', 'tanh', 'mean loss']) expect(pair).toContain(`>${text}<`);
    // Choices keep the config's order (32, 64, 128), not the alphabet's.
    const batch = svgSummary(path.join(target, 'hyperopt_trainer.batch_size.svg')).text;
    const ticks = [...batch.matchAll(/>(32|64|128)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['32', '64', '128']);
    // A log-sampled parameter gets a log axis: its ticks span decades.
    expect(svgSummary(path.join(target, 'hyperopt_trainer.learning_rate.svg')).text).toMatch(/>0\.0001<[\s\S]*>0\.001<[\s\S]*>0\.01</);
  });

  it('hyperopt_report refuses a missing, wrong or unsupported hyperopt_statistics.json clearly', async () => {
    const missing = path.join(dir, 'nope', 'hyperopt_statistics.json');
    const gone = await runCli(['visualize', '-v', 'hyperopt_report', '-hs', missing]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`hyperopt_stats_path file ${missing} does not exist`);
    const wrong = await runCli(['visualize', '-v', 'hyperopt_report', '--hyperopt_stats_path', path.join(out, 'test_statistics.json')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('is not a hyperopt_statistics.json file: it has no "hyperopt_config" section');
    const stats = JSON.parse(readFileSync(hyperoptStats, 'utf8'));
    stats.hyperopt_config.parameters['trainer.decay_rate'] = { space: 'sample_from', function: 'lambda spec: 0.9' };
    const sampleFrom = await runCli(['visualize', '-v', 'hyperopt_report', '-hs', writeFile(dir, 'sample-from.json', JSON.stringify(stats))]);
    expect(sampleFrom.code).toBe(1);
    expect(sampleFrom.stderr).toContain("hyperopt parameter trainer.decay_rate has space 'sample_from', which hyperopt_report does not support yet");
    const noScore = JSON.parse(readFileSync(hyperoptStats, 'utf8'));
    delete noScore.hyperopt_results[3].metric_score;
    const partial = await runCli(['visualize', '-v', 'hyperopt_report', '-hs', writeFile(dir, 'no-score.json', JSON.stringify(noScore))]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('hyperopt_results[3] has no numeric "metric_score"');
    const needs = await runCli(['visualize', '-v', 'hyperopt_report']);
    expect(needs.code).toBe(1);
    expect(needs.stderr).toContain('hyperopt_report needs --hyperopt_stats_path OUT/hyperopt_statistics.json');
  });

  it('--help lists each visualization with what it draws, the 3-D one saying it is drawn as heatmaps', async () => {
    const r = await runCli(['visualize', '--help']);
    expect(r.stdout).toContain('confidence_thresholding_2thresholds_3d:');
    expect(r.stdout).toContain("Ludwig's 3-D surfaces, drawn as two heatmaps");
    expect(r.stdout).toContain('--threshold-output-feature-names');
  });
});
