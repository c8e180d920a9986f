import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleV1, bundleV2 } from '../test/helpers.js';
import { INT64, matMulChain, model, type GraphSpec, type NodeSpec, type TensorSpec } from '../test/onnx-builder.js';
import { checkOnnxModel, DEFAULT_ONNX_LIMITS } from './check.js';
import { estimateRowCost } from './cost.js';
import { readOnnxModel } from './read-model.js';

const fixtureOnnx = (bundle: string) => readFileSync(path.join(bundle, 'model.onnx'));
const check = (bytes: Uint8Array) => () => checkOnnxModel(bytes);

/** y = Identity(W) with W as given: the smallest graph that returns an initializer's bytes. */
const returning = (w: TensorSpec, extra: Partial<GraphSpec> = {}) => model({
  graph: { nodes: [{ op: 'Identity', inputs: [w.name], outputs: ['y'] }], initializers: [w], outputs: [{ name: 'y', dims: w.dims }], ...extra },
});
const external = (location: string): TensorSpec => ({ name: 'W', dims: [16], dataType: 2, external: { location, offset: '0', length: '16' } });

describe('checkOnnxModel', () => {
  it('accepts the graphs the trainer exports, with their cost far under the limit', () => {
    for (const bundle of [bundleV1, bundleV2]) {
      const bytes = fixtureOnnx(bundle);
      expect(check(bytes)).not.toThrow();
      const cost = estimateRowCost(readOnnxModel(bytes, DEFAULT_ONNX_LIMITS).graph);
      expect(cost).toBeGreaterThan(1000);
      expect(cost).toBeLessThan(DEFAULT_ONNX_LIMITS.maxRowCost / 10_000);
    }
  });

  it.each(['package.json', '../../x', '/etc/passwd', 'data/secret'])('refuses an initializer stored as external data at %s, naming it', (location) => {
    expect(check(returning(external(location)))).toThrow(
      `model.onnx was refused: initializer 'W' in the graph keeps its data in an external file ('${location}'); a served model must hold all its weights inside the .onnx file.`,
    );
  });

  it('refuses external data in a Constant attribute, a sparse initializer, an If branch, and data_location alone', () => {
    const constant = model({ graph: { nodes: [{ op: 'Constant', inputs: [], outputs: ['y'], name: 'leak', attributes: [{ name: 'value', tensor: external('package.json') }] }] } });
    expect(check(constant)).toThrow("the tensor in attribute 'value' of node 'leak' (Constant) in the graph keeps its data in an external file ('package.json')");

    const sparse = model({ graph: { nodes: [], sparse: [{ values: external('data/secret'), indices: { name: 'i', dims: [1], dataType: INT64 }, dims: [16] }] } });
    expect(check(sparse)).toThrow("sparse initializer 'W' in the graph keeps its data in an external file ('data/secret')");

    const branch = (name: string, tensor: TensorSpec): GraphSpec => ({ name, nodes: [{ op: 'Constant', inputs: [], outputs: [`${name}_out`], attributes: [{ name: 'value', tensor }] }], outputs: [{ name: `${name}_out`, dims: [16] }] });
    const inIf = model({ graph: { nodes: [{ op: 'If', inputs: ['cond'], outputs: ['y'], name: 'choose', attributes: [
      { name: 'then_branch', graph: branch('then', { name: 'ok', dims: [16] }) },
      { name: 'else_branch', graph: branch('else', external('../../x')) },
    ] }], inputs: [{ name: 'cond', dims: [], elemType: 9 }] } });
    expect(check(inIf)).toThrow("the tensor in attribute 'value' of node 'else_out' (Constant) in the subgraph 'else' of node 'choose' (If) keeps its data in an external file ('../../x')");

    const inLoop = model({ graph: { nodes: [{ op: 'Loop', inputs: ['n', 'c'], outputs: ['y'], name: 'repeat', attributes: [{ name: 'body', graph: branch('body', external('/etc/passwd')) }] }] } });
    expect(check(inLoop)).toThrow("in the subgraph 'body' of node 'repeat' (Loop) keeps its data in an external file ('/etc/passwd')");

    const locationOnly = returning({ name: 'W', dims: [16], dataType: 2, external: {} });
    expect(check(locationOnly)).toThrow("initializer 'W' in the graph keeps its data in an external file;");
  });

  it('refuses custom operator domains, in nodes and in opset imports, and model-local functions', () => {
    const node = (n: Partial<NodeSpec>): NodeSpec => ({ op: 'Evil', inputs: ['x'], outputs: ['y'], ...n });
    expect(check(model({ graph: { nodes: [node({ domain: 'com.example', name: 'reader' })] } })))
      .toThrow("model.onnx was refused: node 'reader' (Evil) in the graph uses the custom operator domain 'com.example'; only the standard ONNX operators are served.");
    expect(check(model({ graph: { nodes: [node({ domain: 'com.microsoft' })] } }))).toThrow("uses the custom operator domain 'com.microsoft'");
    expect(check(model({ graph: { nodes: [] }, opsets: [{ domain: '', version: 17 }, { domain: 'custom.ops', version: 1 }] })))
      .toThrow("model.onnx was refused: it imports the operator set 'custom.ops'; only the standard ONNX operators are served.");
    expect(check(model({ graph: { nodes: [node({ op: 'MyFn', domain: '' })] }, functions: [{ name: 'MyFn', domain: 'local' }] })))
      .toThrow("model.onnx was refused: it defines its own functions ('local.MyFn'); only the standard ONNX operators are served.");
    const inSubgraph = model({ graph: { nodes: [{ op: 'If', inputs: ['c'], outputs: ['y'], name: 'choose', attributes: [{ name: 'then_branch', graph: { name: 'then', nodes: [node({ domain: 'com.example', name: 'inner' })] } }] }] } });
    expect(check(inSubgraph)).toThrow("node 'inner' (Evil) in the subgraph 'then' of node 'choose' (If) uses the custom operator domain 'com.example'");
    expect(check(model({ graph: { nodes: [node({ domain: 'ai.onnx.ml', op: 'Normalizer' }), node({ domain: 'ai.onnx', op: 'Relu' })] } }))).not.toThrow();
  });

  it('reads a graph written twice as onnxruntime does (merged), so nothing hides in the first copy', () => {
    const hidden = model({ graph: { nodes: [{ op: 'Evil', inputs: ['x'], outputs: ['y'], domain: 'com.example', name: 'hidden' }] } });
    const plain = fixtureOnnx(bundleV1);
    expect(check(Buffer.concat([hidden, plain]))).toThrow("node 'hidden' (Evil)");
    expect(check(Buffer.concat([plain, returning(external('package.json'))]))).toThrow("initializer 'W' in the graph keeps its data in an external file");
  });

  it('refuses huge and negative dims, loops, deep nesting and too many nodes', () => {
    expect(check(returning({ name: 'W', dims: [100_000, 100_000], raw: new Uint8Array(4) })))
      .toThrow("model.onnx was refused: initializer 'W' in the graph has 10 billion elements (dims 100000×100000), more than the 100 million this platform serves.");
    expect(check(returning({ name: 'W', dims: [-1, 4], raw: new Uint8Array(4) }))).toThrow("initializer 'W' in the graph has a negative dimension");
    const many = (n: number) => Array.from({ length: n }, (_, i): TensorSpec => ({ name: `t${i}`, dims: [10_000, 3_000], raw: new Uint8Array(4) }));
    expect(check(model({ graph: { nodes: [], initializers: many(9) } }))).toThrow('model.onnx was refused: its tensors hold more than 250 million elements together.');

    expect(check(model({ graph: { nodes: [{ op: 'Loop', inputs: ['n', 'c'], outputs: ['y'], name: 'spin', attributes: [{ name: 'body', graph: { nodes: [] } }] }] } })))
      .toThrow("model.onnx was refused: node 'spin' (Loop) in the graph repeats its body a number of times known only when it runs; loops are not served.");
    let nested: GraphSpec = { nodes: [] };
    for (let i = 0; i < 5; i++) nested = { nodes: [{ op: 'If', inputs: ['c'], outputs: [`y${i}`], attributes: [{ name: 'then_branch', graph: nested }] }] };
    expect(check(model({ graph: nested }))).toThrow('model.onnx was refused: its subgraphs nest more than 3 deep (the limit is for graphs this platform serves).');

    const relu = (i: number): NodeSpec => ({ op: 'Relu', inputs: [`h${i}`], outputs: [`h${i + 1}`] });
    expect(check(model({ graph: { nodes: Array.from({ length: 20_001 }, (_, i) => relu(i)) } }))).toThrow('model.onnx was refused: it has more than 20000 nodes');
    expect(check(model({ graph: { nodes: Array.from({ length: 20_000 }, (_, i) => relu(i)) } }))).not.toThrow();
  });

  it('refuses ops that size their output from data, and tensors that broadcasting or concatenation blow up', () => {
    const shape: TensorSpec = { name: 'shape', dims: [2], dataType: INT64, raw: new Uint8Array(new BigInt64Array([100_000n, 100_000n]).buffer) };
    for (const op of ['ConstantOfShape', 'Expand', 'Tile', 'Range']) {
      expect(check(model({ graph: { nodes: [{ op, inputs: ['shape'], outputs: ['y'], name: 'grow' }], initializers: [shape] } })))
        .toThrow(`model.onnx was refused: node 'grow' (${op}) in the graph makes a tensor whose size is read from data, which can exhaust memory; such ops are not served.`);
    }
    const broadcast = model({ graph: { nodes: [{ op: 'Add', inputs: ['col', 'row'], outputs: ['y'], name: 'outer' }], initializers: [{ name: 'col', dims: [100_000, 1] }, { name: 'row', dims: [1, 100_000] }] } });
    expect(check(broadcast)).toThrow("model.onnx was refused: node 'outer' (Add) makes a tensor of 10 billion elements per row, more than the 100 million this platform serves.");
    const concat = model({ graph: { nodes: [{ op: 'Concat', inputs: Array.from({ length: 2000 }, () => 'w'), outputs: ['y'], name: 'copies', attributes: [{ name: 'axis', int: 0 }] }], initializers: [{ name: 'w', dims: [1000, 100] }] } });
    expect(check(concat)).toThrow("model.onnx was refused: node 'copies' (Concat) makes a tensor of 200 million elements per row");
  });

  it("refuses the issue's 1,500 chained 1200×1200 MatMuls by their cost, quickly, and accepts a shorter chain", () => {
    const bomb = matMulChain(1500, 1200);
    const started = performance.now();
    expect(check(bomb)).toThrow('model.onnx was refused: its matrix products cost about 2.16 billion multiply-adds per row, more than the 1 billion this platform serves.');
    expect(performance.now() - started).toBeLessThan(500);
    expect(check(matMulChain(600, 1200))).not.toThrow();
    // W·W (both operands known) costs 1200³ per product, not 1200² per row.
    const square = model({ graph: { nodes: [{ op: 'MatMul', inputs: ['W', 'W'], outputs: ['y'] }], initializers: [{ name: 'W', dims: [1200, 1200] }] } });
    expect(check(square)).toThrow('its matrix products cost about 1.73 billion multiply-adds per row');
    expect(checkOnnxModel.bind(null, bomb, 'model.onnx', { maxRowCost: 3e9 })).not.toThrow();
  });

  it('says a truncated, garbage or non-ONNX file is damaged, never crashes on it', () => {
    const plain = fixtureOnnx(bundleV1);
    const damaged = /^model\.onnx was refused: (it is not a valid ONNX file \(.+\)|it is not an ONNX model \(it has no graph\)); the file may be damaged — export it again\.$/;
    for (const bytes of [
      plain.subarray(0, Math.floor(plain.length / 2)), plain.subarray(0, 3), new Uint8Array(0), Buffer.from('just some text, not a model'),
      gzipSync(plain), Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    ]) {
      expect(check(bytes)).toThrow(damaged);
    }
  });
});
