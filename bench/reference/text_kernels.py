"""One training step (forward + backward) of text-encoder building blocks in PyTorch, one thread:
the reference of bench/text-kernels.ts. Prints a JSON list of {op, median_ms, min_ms}; op names
match the TypeScript benchmark's."""
import argparse
import json
import statistics
import time

import torch

p = argparse.ArgumentParser()
for name, default in [("batch", 64), ("seq", 256), ("vocab", 20002), ("dim", 64), ("filters", 64), ("filter-size", 3), ("rounds", 5)]:
    p.add_argument(f"--{name}", type=int, default=default)
a = p.parse_args()
torch.set_num_threads(1)
torch.manual_seed(7)

lengths = torch.randint(max(1, a.seq // 8), a.seq + 1, (a.batch,))
mask = (torch.arange(a.seq)[None, :] < lengths[:, None]).float()
ids = (torch.randint(1, a.vocab, (a.batch, a.seq)) * mask.long())
emb = torch.nn.Embedding(a.vocab, a.dim)
x = torch.randn(a.batch, a.seq, a.dim, requires_grad=True)
conv = torch.nn.Conv1d(a.dim, a.filters, a.filter_size, padding="same")


def embedding():
    emb.zero_grad()
    emb(ids).sum().backward()


def conv_step():
    conv.zero_grad()
    x.grad = None
    torch.relu(conv(x.transpose(1, 2))).transpose(1, 2).sum().backward()


def conv_forward():
    with torch.no_grad():
        torch.relu(conv(x.transpose(1, 2)))


def masked_max():
    x.grad = None
    (x + (mask[:, :, None] - 1) * 1e9).amax(1).sum().backward()


def masked_mean():
    x.grad = None
    m = mask[:, :, None]
    ((x * m).sum(1) / m.sum(1).clamp(min=1)).sum().backward()


k = a.filter_size
steps = {
    "embedding": embedding,
    f"conv1d k={k} same relu": conv_step,
    f"conv1d k={k} same relu (forward only)": conv_forward,
    "masked max over time": masked_max,
    "masked mean over time": masked_mean,
}
times = {op: [] for op in steps}
for f in steps.values():
    f()
for _ in range(a.rounds):
    for op, f in steps.items():
        for _ in range(3):
            started = time.perf_counter()
            f()
            times[op].append((time.perf_counter() - started) * 1000)
print(json.dumps([{"op": op, "median_ms": round(statistics.median(t), 3), "min_ms": round(min(t), 3)} for op, t in times.items()]))
