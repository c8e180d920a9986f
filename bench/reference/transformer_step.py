"""One training step (forward, backward, Adam) of the text classifier of bench/transformer-step.ts
in PyTorch, one thread: ids [batch, seq] (vocab 5,000) -> 64-wide token + position embeddings ->
2 post-norm transformer blocks (hidden 64, 4 heads, feed-forward 128, key-padding mask) -> mean
over the tokens -> 4-class softmax. Prints {"samples_per_s", "median_step_ms"} as JSON."""
import argparse
import json
import statistics
import time

import torch
from torch import nn

p = argparse.ArgumentParser()
for name, default in [("batch", 64), ("seq", 64), ("steps", 30), ("vocab", 5000), ("dim", 64), ("heads", 4), ("ff", 128), ("layers", 2), ("classes", 4)]:
    p.add_argument(f"--{name}", type=int, default=default)
a = p.parse_args()
torch.set_num_threads(1)
torch.manual_seed(7)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(a.vocab, a.dim)
        self.positions = nn.Embedding(a.seq, a.dim)
        # norm_first=False: post-norm blocks, as Ludwig's TransformerBlock (and ours).
        layer = nn.TransformerEncoderLayer(a.dim, a.heads, a.ff, dropout=0.0, batch_first=True, norm_first=False, layer_norm_eps=1e-6)
        self.blocks = nn.TransformerEncoder(layer, a.layers, enable_nested_tensor=False)
        self.head = nn.Linear(a.dim, a.classes)

    def forward(self, ids, padding):
        h = self.tokens(ids) + self.positions.weight[None, :, :]
        h = self.blocks(h, src_key_padding_mask=padding)
        keep = (~padding).float()[:, :, None]
        return self.head((h * keep).sum(1) / keep.sum(1).clamp(min=1))


lengths = torch.randint(a.seq // 2, a.seq + 1, (a.batch,))
padding = torch.arange(a.seq)[None, :] >= lengths[:, None]
ids = torch.randint(4, a.vocab, (a.batch, a.seq)).masked_fill(padding, 2)
labels = torch.randint(0, a.classes, (a.batch,))
model = Classifier()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def step():
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(ids, padding), labels)
    loss.backward()
    optimizer.step()


for _ in range(3):
    step()
times = []
for _ in range(a.steps):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
median = statistics.median(times)
print(json.dumps({"samples_per_s": round(a.batch / median), "median_step_ms": round(median * 1000, 2)}))
