"""PyTorch twins (one thread) of the lstm, transformer and tscnn cases of bench/train-throughput.ts,
in the conventions of ../shared/reference/train_throughput.py: the same CSV (rows with split == 0),
preprocessing outside the timed loop, batch 256, Adam (lr 1e-3), and the trainer's default
global-norm gradient clipping (--clip, 0 turns it off) so both sides do the same work.

    /usr/bin/python3 bench/reference/train_throughput_extra.py lstm --csv F [--epochs N] [--seq 96 --embedding 64 --state 128]
    /usr/bin/python3 bench/reference/train_throughput_extra.py transformer --csv F [--seq 96 --hidden 64 --heads 4 --ff 128 --layers 2]
    /usr/bin/python3 bench/reference/train_throughput_extra.py tscnn --csv F [--steps 128 --filters 64 --fc 128]

Text is tokenized as Overture's space_punct (lowercased \\w+ or one punctuation mark), the vocabulary
is <EOS>, <SOS>, <PAD>, <UNK> then the 20,000 most common tokens, and every row is
<SOS> tokens <EOS> padded to --seq ids, as Overture encodes it (so the vocabulary, the lengths and
the parameter count are the same). Prints {"model", "samples_per_s", "epochs", "rows", "threads", "parameters"}.
"""
import argparse, json, re, time
from collections import Counter
import numpy as np, pandas as pd, torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument("model", choices=["lstm", "transformer", "tscnn"])
p.add_argument("--csv", required=True); p.add_argument("--epochs", type=int, default=2)
p.add_argument("--batch-size", type=int, default=256); p.add_argument("--threads", type=int, default=1)
p.add_argument("--lr", type=float, default=1e-3); p.add_argument("--clip", type=float, default=0.5)
for name, default in [("seq", 96), ("embedding", 64), ("state", 128), ("hidden", 64), ("heads", 4), ("ff", 128), ("layers", 2),
                      ("steps", 128), ("filters", 64), ("fc", 128)]:
    p.add_argument(f"--{name}", type=int, default=default)
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0)
df = pd.read_csv(a.csv)
if "split" in df.columns: df = df[df["split"] == 0]
classes = sorted(df["label"].astype(str).unique())
y = torch.tensor([classes.index(v) for v in df["label"].astype(str)]); k = len(classes)
EOS, SOS, PAD, UNK = 0, 1, 2, 3


def text_ids(texts, seq):
    tokens = [re.findall(r"\w+|[^\w\s]", str(t).lower()) for t in texts]
    vocab = {w: i + 4 for i, (w, _) in enumerate(Counter(w for t in tokens for w in t).most_common(20000))}
    ids = torch.full((len(tokens), seq), PAD, dtype=torch.long)
    for i, t in enumerate(tokens):
        row = [SOS] + [vocab.get(w, UNK) for w in t][:seq - 2] + [EOS]
        ids[i, :len(row)] = torch.tensor(row)
    return ids, len(vocab) + 4


class LstmClassifier(nn.Module):
    """Embeddings → one nn.LSTM layer over the packed real steps → the last real step's state → classes."""
    def __init__(s, vocab):
        super().__init__()
        s.emb = nn.Embedding(vocab, a.embedding); s.lstm = nn.LSTM(a.embedding, a.state, batch_first=True); s.head = nn.Linear(a.state, k)
    def forward(s, ids):
        lengths = (ids != PAD).sum(1)
        packed = nn.utils.rnn.pack_padded_sequence(s.emb(ids), lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = s.lstm(packed)
        return s.head(h[-1])


class TransformerClassifier(nn.Module):
    """Token + learned position embeddings → post-norm nn.TransformerEncoder (ε 1e-6, key padding mask) → mean over real tokens → classes."""
    def __init__(s, vocab):
        super().__init__()
        s.tokens = nn.Embedding(vocab, a.hidden); s.positions = nn.Embedding(a.seq, a.hidden)
        layer = nn.TransformerEncoderLayer(a.hidden, a.heads, a.ff, dropout=0.0, batch_first=True, norm_first=False, layer_norm_eps=1e-6)
        s.blocks = nn.TransformerEncoder(layer, a.layers, enable_nested_tensor=False); s.head = nn.Linear(a.hidden, k)
    def forward(s, ids):
        padding = ids == PAD
        h = s.blocks(s.tokens(ids) + s.positions.weight[None, :, :], src_key_padding_mask=padding)
        keep = (~padding).float()[:, :, None]
        return s.head((h * keep).sum(1) / keep.sum(1).clamp(min=1))


class SeriesCnn(nn.Module):
    """Ludwig's parallel_cnn on one value per step: widths 2–5, 'same' padding, ReLU, max over time → FC → classes."""
    def __init__(s):
        super().__init__()
        s.convs = nn.ModuleList([nn.Conv1d(1, a.filters, w, padding="same") for w in (2, 3, 4, 5)])
        s.fc = nn.Sequential(nn.Linear(4 * a.filters, a.fc), nn.ReLU(), nn.Linear(a.fc, k))
    def forward(s, x):
        return s.fc(torch.cat([torch.relu(c(x)).max(2).values for c in s.convs], 1))


if a.model == "tscnn":
    rows = [np.array(str(v).split(), dtype=np.float32)[:a.steps] for v in df["series"]]
    x = torch.zeros(len(rows), 1, a.steps)
    for i, r in enumerate(rows): x[i, 0, :len(r)] = torch.from_numpy(r)
    net = SeriesCnn()
else:
    x, vocab = text_ids(df["text"], a.seq)
    net = LstmClassifier(vocab) if a.model == "lstm" else TransformerClassifier(vocab)

lossf = nn.CrossEntropyLoss(); opt = torch.optim.Adam(net.parameters(), a.lr); n = len(x)
t0 = time.time()
for ep in range(a.epochs):
    perm = torch.randperm(n)
    for i in range(0, n, a.batch_size):
        idx = perm[i:i + a.batch_size]; opt.zero_grad(); lossf(net(x[idx]), y[idx]).backward()
        if a.clip > 0: nn.utils.clip_grad_norm_(net.parameters(), a.clip)
        opt.step()
dt = time.time() - t0
print(json.dumps({"model": a.model, "samples_per_s": round(a.epochs * n / dt), "epochs": a.epochs, "rows": n, "threads": a.threads,
                  "parameters": sum(q.numel() for q in net.parameters()), "clipglobalnorm": a.clip or None}))
