"""PyTorch twin of Overture's resolved config for the mixed tabular throughput benchmark (one thread).

    /usr/bin/python3 bench/reference/mixed_tabular.py --csv F --config resolved.json --epochs N

`resolved.json` is `overture render-config --json` of the benchmark's config. The network is
built from it, mirroring packages/trainer: number/binary passthrough, number `ple` (piecewise
linear encoding over training quantiles + a linear layer), category `dense` (one embedding
table), date `embed` (7 calendar-part tables + a linear layer on the standardized year and
second of day) and `wave` (sine/cosine of the parts + FC stack), concat combiner with its FC stack, or the tabnet or ft_transformer combiner (below), category `classifier` (FC stack + linear), softmax
cross-entropy, Adam, global-norm gradient clipping as configured; FC layers with batch norm (when configured) and dropout.
Anything else is refused.
Only the training loop is timed, as in ../shared/reference/train_throughput.py.
Prints {"model", "samples_per_s", "epochs", "rows", "threads"}.
"""
import argparse, json, time
import numpy as np, pandas as pd, torch

p = argparse.ArgumentParser()
p.add_argument("--csv", required=True); p.add_argument("--config", required=True)
p.add_argument("--epochs", type=int, default=2); p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0)
config = json.load(open(a.config))
trainer = config["trainer"]
df = pd.read_csv(a.csv, keep_default_na=False, na_values=[""])
if "split" in df.columns: df = df[df["split"] == 0]

# Calendar parts as packages/trainer/src/encoders/date/date-parts.ts: (column, offset, cardinality = period).
DATE_PARTS = [(1, 1, 12), (2, 1, 31), (3, 0, 7), (4, 1, 366), (5, 0, 24), (6, 0, 60), (7, 0, 60)]

def year_and_second_of_day(parts, year_mean, year_std):
    return torch.stack([(parts[:, 0].float() - year_mean) / year_std, parts[:, 8].float() / 86400], 1)

def vocab(col):
    counts = col.astype(str).value_counts()
    return {v: i + 1 for i, v in enumerate(counts.index)}  # 0 is <UNK>

def date_parts(col):
    d = pd.to_datetime(col)
    return np.stack([d.dt.year, d.dt.month, d.dt.day, d.dt.weekday, d.dt.dayofyear, d.dt.hour, d.dt.minute, d.dt.second,
                     d.dt.hour * 3600 + d.dt.minute * 60 + d.dt.second], 1).astype(np.int64)

def fc_stack(size, spec):
    if spec.get("fc_layers"):
        layers = spec["fc_layers"]
    else:
        layers = [{} for _ in range(spec.get("num_fc_layers", 0))]
    modules = []
    for layer in layers:
        norm, dropout = layer.get("norm", spec.get("norm")), layer.get("dropout", spec.get("dropout")) or 0
        if norm not in (None, "batch"): raise SystemExit(f"mixed_tabular.py: FC norm {norm} is not mirrored")
        out = layer.get("output_size", spec.get("output_size", 256))
        # As packages/trainer/src/layers/fc-stack.ts: linear → norm → activation → dropout.
        modules.append(torch.nn.Linear(size, out))
        if norm == "batch": modules.append(torch.nn.BatchNorm1d(out))
        modules.append(torch.nn.ReLU())
        if dropout: modules.append(torch.nn.Dropout(dropout))
        size = out
    return torch.nn.Sequential(*modules), size

class DateEmbed(torch.nn.Module):
    def __init__(s, enc, year_mean, year_std):
        super().__init__(); e = enc["embedding_size"]; s.year = (year_mean, year_std)
        s.tables = torch.nn.ModuleList([torch.nn.Embedding(card, e) for _, _, card in DATE_PARTS])
        s.continuous = torch.nn.Linear(2, e)
        s.fc, s.size = fc_stack(e * (len(DATE_PARTS) + 1), enc)
    def forward(s, parts):
        embedded = [t(parts[:, c] - off) for t, (c, off, _) in zip(s.tables, DATE_PARTS)]
        return s.fc(torch.cat(embedded + [s.continuous(year_and_second_of_day(parts, *s.year))], 1))

class DateWave(torch.nn.Module):
    def __init__(s, enc, year_mean, year_std):
        super().__init__(); s.year = (year_mean, year_std)
        s.columns = [c for c, _, _ in DATE_PARTS] + [8]
        s.periods = torch.tensor([float(card) for _, _, card in DATE_PARTS] + [86400.0])
        s.fc, s.size = fc_stack(2 * len(s.columns) + 2, enc)
    def forward(s, parts):
        angle = parts[:, s.columns].float() / s.periods * 2 * np.pi
        return s.fc(torch.cat([torch.sin(angle), torch.cos(angle), year_and_second_of_day(parts, *s.year)], 1))

class Ple(torch.nn.Module):
    """Piecewise linear encoding over quantile bins, then Linear + activation (encoders/number/ple.ts)."""
    def __init__(s, x, enc):
        super().__init__()
        edges = np.unique(np.quantile(x, np.linspace(0, 1, enc["num_bins"] + 1)))
        if len(edges) < 2: edges = np.array([edges[0], edges[0] + 1.0])
        s.start = torch.tensor(edges[:-1], dtype=torch.float32)
        s.width = torch.tensor(np.maximum(np.diff(edges), 1e-6), dtype=torch.float32)
        bins = len(edges) - 1
        s.lower = torch.zeros(bins); s.lower[0] = -1e9
        s.upper = torch.ones(bins); s.upper[-1] = 1e9
        s.linear = torch.nn.Linear(bins, enc["output_size"]); s.size = enc["output_size"]
        if enc.get("activation") not in ("relu", None) or enc.get("dropout"): raise SystemExit("mixed_tabular.py: ple with relu/no activation and no dropout only")
        s.act = torch.nn.ReLU() if enc.get("activation") == "relu" else torch.nn.Identity()
    def forward(s, x):
        ratio = (x - s.start) / s.width
        return s.act(s.linear(torch.minimum(torch.maximum(ratio, s.lower), s.upper)))

class Concat(torch.nn.Module):
    def __init__(s, fc):
        super().__init__(); s.fc = fc
    def forward(s, encoded):
        return s.fc(torch.cat(encoded, 1))

def sparsemax(z):
    """Sparsemax over the last axis from the row sorted in decreasing order (autograd gives its Jacobian)."""
    sorted_z, _ = torch.sort(z, dim=1, descending=True)
    k = torch.arange(1, z.shape[1] + 1, dtype=z.dtype)
    cumulative = sorted_z.cumsum(1) - 1
    support = (sorted_z * k > cumulative).sum(1, keepdim=True)
    return torch.clamp(z - cumulative.gather(1, support - 1) / support, min=0)

class GhostBatchNorm(torch.nn.Module):
    """Batch norm over torch.chunk(ceil(rows / virtual)) chunks, as layers/ghost-batch-norm.ts (one chunk when virtual is None)."""
    def __init__(s, size, spec, virtual):
        super().__init__(); s.virtual = virtual
        s.bn = torch.nn.BatchNorm1d(size, momentum=spec["bn_momentum"], eps=spec["bn_epsilon"])
    def forward(s, x):
        if s.virtual is None or x.shape[0] <= s.virtual: return s.bn(x)
        return torch.cat([s.bn(c) for c in x.chunk(-(-x.shape[0] // s.virtual), 0)], 0)

class FeatureBlock(torch.nn.Module):
    """Linear without bias → ghost batch norm → GLU (value · sigmoid(gate)) when glu."""
    def __init__(s, linear, size, spec, glu):
        super().__init__(); s.linear, s.glu = linear, glu
        s.norm = GhostBatchNorm(size, spec, spec["bn_virtual_bs"])
    def forward(s, x):
        h = s.norm(s.linear(x))
        if not s.glu: return h
        value, gate = h.chunk(2, 1)
        return value * torch.sigmoid(gate)

class FeatureTransformer(torch.nn.Module):
    def __init__(s, blocks):
        super().__init__(); s.blocks = torch.nn.ModuleList(blocks)
    def forward(s, x):
        h = s.blocks[0](x)
        for block in s.blocks[1:]: h = (block(h) + h) * np.sqrt(0.5)
        return h

class TabNet(torch.nn.Module):
    """combiners/tabnet.ts: input batch norm, num_steps + 1 feature transformers (the first
    num_shared_blocks linears shared by all), sparsemax attentive transformers scaled by the prior,
    ReLU decisions summed and projected, the masks' entropy as an auxiliary loss, dropout."""
    def __init__(s, input_size, spec):
        super().__init__()
        if spec["entmax_mode"] != "sparsemax": raise SystemExit("mixed_tabular.py: tabnet with sparsemax only")
        s.spec, s.size = spec, spec["output_size"]
        hidden = spec["size"] + spec["output_size"]
        s.input_norm = GhostBatchNorm(input_size, spec, None)
        shared = [torch.nn.Linear(input_size if n == 0 else hidden, 2 * hidden, bias=False) for n in range(spec["num_shared_blocks"])]
        s.shared = torch.nn.ModuleList(shared)
        s.transformers = torch.nn.ModuleList([FeatureTransformer([
            FeatureBlock(shared[n] if n < len(shared) else torch.nn.Linear(input_size if n == 0 else hidden, 2 * hidden, bias=False), 2 * hidden, spec, True)
            for n in range(spec["num_total_blocks"])]) for _ in range(spec["num_steps"] + 1)])
        s.attentive = torch.nn.ModuleList([FeatureBlock(torch.nn.Linear(spec["size"], input_size, bias=False), input_size, spec, False)
                                           for _ in range(spec["num_steps"])])
        s.projection = torch.nn.Linear(s.size, s.size)
        s.dropout = torch.nn.Dropout(spec["dropout"])
        s.auxiliary = None
    def forward(s, encoded):
        features = s.input_norm(torch.cat(encoded, 1))
        x = s.transformers[0](features); prior = None; accumulated = 0; entropies = []
        out, steps = s.size, s.spec["num_steps"]
        for step in range(1, steps + 1):
            logits = s.attentive[step - 1](x[:, out:])
            mask = sparsemax(logits * prior if prior is not None else logits)
            prior = (prior if prior is not None else 1) * (s.spec["relaxation_factor"] - mask)
            if s.spec["sparsity"]: entropies.append((-mask * torch.log(mask + 1e-5)).sum(1).mean())
            x = s.transformers[step](mask * features)
            accumulated = accumulated + torch.relu(x[:, :out])
        s.auxiliary = sum(entropies) * (s.spec["sparsity"] / steps) if entropies else None
        return s.dropout(s.projection(accumulated))

class PostNormBlock(torch.nn.Module):
    """layers/transformer.ts TransformerBlock: LN(x + drop(MHA(x))), then LN(h + drop(W2·relu(W1·h))), ε 1e-6.
    Written out (nn.MultiheadAttention without attention-weight dropout) because nn.TransformerEncoderLayer
    also drops attention weights and the feed-forward's hidden layer, which ours does not."""
    def __init__(s, hidden, heads, ff, dropout):
        super().__init__()
        s.attention = torch.nn.MultiheadAttention(hidden, heads, dropout=0.0, batch_first=True)
        s.norm1, s.norm2 = torch.nn.LayerNorm(hidden, eps=1e-6), torch.nn.LayerNorm(hidden, eps=1e-6)
        s.fc1, s.fc2 = torch.nn.Linear(hidden, ff), torch.nn.Linear(ff, hidden)
        s.drop = torch.nn.Dropout(dropout)
    def forward(s, x):
        h = s.norm1(x + s.drop(s.attention(x, x, x, need_weights=False)[0]))
        return s.norm2(h + s.drop(s.fc2(torch.relu(s.fc1(h)))))

class FtTransformer(torch.nn.Module):
    """combiners/ft-transformer.ts: a token per input (a linear projection each; one per column of the
    stacked passthrough inputs), a learned [CLS] token in front, the post-norm blocks, the [CLS] output."""
    def __init__(s, widths, stacked, spec):
        super().__init__()
        if spec.get("fc_layers") or spec.get("num_fc_layers"): raise SystemExit("mixed_tabular.py: ft_transformer without an FC stack only")
        hidden = spec["hidden_size"]; s.size = hidden; s.stacked = stacked
        columns = sum(stacked)
        s.column_kernel = torch.nn.Parameter(torch.randn(columns, hidden) * 0.1) if columns > 1 else None
        s.column_bias = torch.nn.Parameter(torch.zeros(columns, hidden)) if columns > 1 else None
        s.stacked_projection = torch.nn.Linear(1, hidden) if columns == 1 else None
        s.projections = torch.nn.ModuleList([torch.nn.Linear(w, hidden) for w, st in zip(widths, stacked) if not st])
        s.cls = torch.nn.Parameter(torch.randn(1, 1, hidden))
        s.blocks = torch.nn.Sequential(*[PostNormBlock(hidden, spec["num_heads"], spec["transformer_output_size"], spec["dropout"])
                                         for _ in range(spec["num_layers"])])
    def forward(s, encoded):
        tokens = []
        columns = [x for x, st in zip(encoded, s.stacked) if st]
        if s.stacked_projection is not None: tokens.append(s.stacked_projection(columns[0])[:, None, :])
        elif s.column_kernel is not None: tokens.append(torch.cat(columns, 1)[:, :, None] * s.column_kernel + s.column_bias)
        tokens += [p(x)[:, None, :] for p, x in zip(s.projections, [x for x, st in zip(encoded, s.stacked) if not st])]
        sequence = torch.cat([s.cls.expand(encoded[0].shape[0], 1, -1)] + tokens, 1)
        return s.blocks(sequence)[:, 0]

inputs, encoders, widths = [], torch.nn.ModuleList(), []
for f in config["input_features"]:
    col, kind, enc = df[f["column"]], f["type"], f["encoder"]["type"]
    if kind == "number" and enc in ("passthrough", "ple"):
        x = col.fillna(f["preprocessing"]["fill_value"]).astype(np.float32).values
        if f["preprocessing"]["normalization"] == "zscore": x = (x - x.mean()) / x.std()
        elif f["preprocessing"]["normalization"] is not None: raise SystemExit("mixed_tabular.py: only zscore or no normalization")
        inputs.append(torch.tensor(x).unsqueeze(1))
        module = Ple(x, f["encoder"]) if enc == "ple" else torch.nn.Identity()
        encoders.append(module); widths.append(module.size if enc == "ple" else 1)
    elif kind == "binary" and enc == "passthrough":
        x = col.astype(str).str.lower().isin(["true", "1", "yes", "t", "y"]).astype(np.float32).values
        inputs.append(torch.tensor(x).unsqueeze(1)); encoders.append(torch.nn.Identity()); widths.append(1)
    elif kind == "category" and enc == "dense":
        v = vocab(col); size = f["encoder"]["embedding_size"]
        inputs.append(torch.tensor([v.get(str(c), 0) for c in col], dtype=torch.long))
        encoders.append(torch.nn.Embedding(len(v) + 1, size)); widths.append(size)
    elif kind == "date" and enc in ("embed", "wave"):
        parts = date_parts(col); years = parts[:, 0].astype(np.float64)
        module = (DateEmbed if enc == "embed" else DateWave)(f["encoder"], years.mean(), max(1.0, years.std()))
        inputs.append(torch.tensor(parts)); encoders.append(module); widths.append(module.size)
    else:
        raise SystemExit(f"mixed_tabular.py: {kind} with encoder {enc} is not mirrored")

if len(config["output_features"]) != 1 or config["output_features"][0]["type"] != "category":
    raise SystemExit("mixed_tabular.py: one category output only")
out = config["output_features"][0]
labels = vocab(df[out["column"]])
y = torch.tensor([labels[str(c)] - 1 for c in df[out["column"]]], dtype=torch.long)
# Passthrough numbers and binaries travel stacked in one tensor in front of the other inputs
# (packages/trainer/src/preprocessing/model-inputs.ts isStackedInput), which is what the
# transformer-style combiners make their tokens from.
stacked = [f["type"] in ("number", "binary") and f["encoder"]["type"] == "passthrough" for f in config["input_features"]]
width = sum(widths)
combiner_type = config["combiner"]["type"]
if combiner_type == "concat":
    fc, width = fc_stack(width, config["combiner"])
    combiner = Concat(fc)
elif combiner_type == "tabnet":
    combiner = TabNet(width, config["combiner"]); width = combiner.size
elif combiner_type == "ft_transformer":
    combiner = FtTransformer(widths, stacked, config["combiner"]); width = combiner.size
else:
    raise SystemExit(f"mixed_tabular.py: combiner {combiner_type} is not mirrored")
decoder_fc, width = fc_stack(width, {k[3:] if k.startswith("fc_") else k: v for k, v in out["decoder"].items()})
head = torch.nn.Linear(width, len(labels))

class Net(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.encoders, s.combiner, s.decoder_fc, s.head = encoders, combiner, decoder_fc, head
    def forward(s, xs):
        return s.head(s.decoder_fc(s.combiner([e(x) for e, x in zip(s.encoders, xs)])))

net = Net(); lossf = torch.nn.CrossEntropyLoss()
if trainer["optimizer"]["type"] != "adam": raise SystemExit("mixed_tabular.py: adam only")
opt = torch.optim.Adam(net.parameters(), trainer["learning_rate"])
clip = (trainer.get("gradient_clipping") or {}).get("clipglobalnorm")
batch = trainer["batch_size"]; n = len(y)
t0 = time.time()
for ep in range(a.epochs):
    perm = torch.randperm(n)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]; opt.zero_grad()
        loss = lossf(net([x[idx] for x in inputs]), y[idx])
        auxiliary = getattr(net.combiner, "auxiliary", None)
        (loss + auxiliary if auxiliary is not None else loss).backward()
        if clip: torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
        opt.step()
dt = time.time() - t0
print(json.dumps({"model": "mixed_tabular", "samples_per_s": round(a.epochs * n / dt), "epochs": a.epochs, "rows": n,
                  "threads": a.threads, "combiner": combiner_type, "parameters": sum(p.numel() for p in net.parameters()),
                  # Parameters plus the batch norms' running statistics: what Overture's bundle counts.
                  "state": sum(p.numel() for p in net.parameters()) + sum(b.numel() for n, b in net.named_buffers() if "running" in n),
                  "clipglobalnorm": clip}))
