"""One training step (forward, backward, SGD update) of an LSTM text classifier in PyTorch, one
thread: the reference of bench/rnn-kernels.ts, same shapes and the same model (embeddings, one
nn.LSTM layer over packed sequences, the state at each text's last real step, a linear layer,
cross entropy). Prints {"samples_per_s", "median_ms"}."""
import argparse
import json
import statistics
import time

import torch

p = argparse.ArgumentParser()
for name, default in [("batch", 64), ("seq", 64), ("vocab", 20002), ("dim", 64), ("hidden", 128), ("classes", 4), ("steps", 15)]:
    p.add_argument(f"--{name}", type=int, default=default)
a = p.parse_args()
torch.set_num_threads(1)
torch.manual_seed(7)

lengths = torch.randint(max(1, a.seq // 4), a.seq + 1, (a.batch,))
mask = torch.arange(a.seq)[None, :] < lengths[:, None]
ids = torch.where(mask, torch.randint(4, a.vocab, (a.batch, a.seq)), torch.full((a.batch, a.seq), 2))
labels = lengths % a.classes


class LstmClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(a.vocab, a.dim)
        self.lstm = torch.nn.LSTM(a.dim, a.hidden, batch_first=True)
        self.out = torch.nn.Linear(a.hidden, a.classes, bias=False)

    def forward(self, t):
        packed = torch.nn.utils.rnn.pack_padded_sequence(self.emb(t), lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.lstm(packed)
        return self.out(h[-1])


net = LstmClassifier()
opt = torch.optim.SGD(net.parameters(), lr=0.01)
lossf = torch.nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    lossf(net(ids), labels).backward()
    opt.step()


step()
times = []
for _ in range(a.steps):
    started = time.perf_counter()
    step()
    times.append((time.perf_counter() - started) * 1000)
ms = statistics.median(times)
print(json.dumps({"samples_per_s": round(a.batch / (ms / 1000)), "median_ms": round(ms, 3)}))
