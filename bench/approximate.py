"""Approximate inference against exact inference, where both run: error, gradient, time.

Run: .venv/bin/python bench/approximate.py [--data-dir DIR] [--examples 64] [--repeats 5]
     [--untrained] [--only "addition N=15"]

Networks are first trained briefly (unless --untrained) with exact inference (MNIST
addition N=1, then the formula task with up to 2 digits, one epoch each on 2,000
examples), so the comparison is made where training spends its time, not at a random
initialisation. Then, per setting
(MNIST addition with N = 1, 2, 15; formulas of 3 and 5 symbols) and per method
(`top-k:K`, `sample:K`, `indecater:K`), on the same examples with the same networks:
- `P rel. err`: mean over examples of |P_approx - P_exact| / P_exact (one estimate);
- `grad cos`: cosine between the approximate and the exact gradient of the batch's loss
  with respect to all network parameters (one estimate, mean over --repeats draws);
- `found`: share of examples whose approximate probability is not 0 (above 1e-30);
- `agree`: share of examples where the predicted answer (the most probable world's) is
  the exact prediction (the most probable answer);
- `time x`: approximate / exact seconds of one loss-and-gradient pass over the batch
  (patterns and worlds warmed up first, so it is the per-step cost).
"""

from __future__ import annotations

import argparse
import os
import time

import torch

from cortexlog.tasks import get_task
from cortexlog.tasks.digits import addition_program
from cortexlog.tasks.hwf import PROGRAM as HWF
from cortexlog.train import Model

METHODS = ("top-k:1", "top-k:10", "sample:16", "indecater:2")
FLOOR = 1e-30  # the loss clamps a probability of 0 at the dtype's least normal value


def _sources(model: Model, data_dir: str | None) -> None:
    from cortexlog.data import load_mnist
    from cortexlog.data.operators import load_operators

    for split in ("train", "test"):
        m = load_mnist(split, data_dir)
        model.add_tensors(split, m.images, m.labels)
        ops = load_operators(split, m.images.shape[-1])
        model.add_tensors(f"{split}_ops", ops.images, ops.labels)


def _pretrained(data_dir: str | None) -> dict[str, torch.nn.Module]:
    """Digit and operator networks after one short epoch of exact training."""
    torch.manual_seed(0)
    model = Model(HWF)
    _sources(model, data_dir)
    add = Model(addition_program(1).replace("mnist_net", "digit_net"))
    add.module.nets = model.module.nets
    add.module.sources = model.module.sources
    labels = model.module.sources["train"].labels
    assert labels is not None
    ex = get_task("mnist-addition").make(labels, labels, 1, 2000, 1, 0).train
    add.fit([str(e) for e in ex], epochs=1, batch_size=4, progress=False)
    made = get_task("hwf").make(labels, labels, 2, 2000, 1, 0)
    model.fit([str(e) for e in made.train], epochs=1, batch_size=8, lr=3e-3, progress=False)
    return dict(model.module.nets)


def _untrained() -> dict[str, torch.nn.Module]:
    """Digit and operator networks at their (seeded) initialisation."""
    from cortexlog.neural.nets import LeNet

    torch.manual_seed(0)
    return {"digit_net": LeNet(10), "op_net": LeNet(4)}


def _settings(train: torch.Tensor, test: torch.Tensor, n: int
              ) -> list[tuple[str, str, list[str]]]:
    """Test examples (the `test` source) of each setting."""
    add = get_task("mnist-addition")
    out = []
    for digits in (1, 2, 15):
        prog = addition_program(digits).replace("mnist_net", "digit_net")
        ex = add.make(train, test, digits, 1, n, 1).test
        out.append((f"addition N={digits}", prog, [str(e) for e in ex]))
    hwf = get_task("hwf")
    for digits in (2, 3):
        made = hwf.make(train, test, digits, 1, 20 * n, 1)
        long = [str(e) for e in made.test if str(e).count("tensor(") == 2 * digits - 1][:n]
        out.append((f"formula {2 * digits - 1} symbols", made.program, long))
    return out


def _pass(model: Model, data: object, rows: torch.Tensor) -> tuple[torch.Tensor,
                                                                  torch.Tensor, float]:
    params = [p for net in model.module.nets.values() for p in net.parameters()]
    t0 = time.perf_counter()
    losses = model.module(data, rows)
    grads = torch.autograd.grad(losses.sum(), params, allow_unused=True)
    seconds = time.perf_counter() - t0
    flat = torch.cat([(g if g is not None else torch.zeros_like(p)).flatten()
                      for g, p in zip(grads, params, strict=True)])
    return (-losses.detach()).exp(), flat, seconds


def _predictions(model: Model, data: object, rows: torch.Tensor) -> list[str | None]:
    p = model.module.predict(data, rows)
    terms = p["pred_term"]
    if any(t is None for t in terms):
        return [model.module.answer_term(data, int(g), int(c))  # type: ignore[arg-type]
                for g, c in zip(p["group"].tolist(), p["pred_col"].tolist(), strict=True)]
    return list(terms)


def compare(name: str, program: str, examples: list[str], nets: dict[str, torch.nn.Module],
            sources: dict, repeats: int) -> None:
    """Print one row per method for a setting."""
    def model(inference: str) -> Model:
        own = {k: v for k, v in nets.items() if f"nn({k}," in program}
        m = Model(program, networks=own, inference=inference, uniform_prior=0.0)
        m.module.sources = sources
        return m

    exact = model("exact")
    data = exact.examples(examples)
    exact.module.prepare(data)
    rows = torch.arange(len(examples))
    _pass(exact, data, rows)
    p_exact, g_exact, t_exact = _pass(exact, data, rows)
    want = _predictions(exact, data, rows)
    for method in METHODS:
        approx = model(method)
        adata = approx.examples(examples)
        approx.module.prepare(adata)
        _pass(approx, adata, rows)  # warm the worlds
        errs, coss, times, found = [], [], [], []
        for _ in range(repeats):
            p, g, t = _pass(approx, adata, rows)
            found.append(float((p > FLOOR).float().mean()))
            errs.append(float(((p - p_exact).abs() / p_exact.clamp_min(1e-30)).mean()))
            coss.append(float(torch.nn.functional.cosine_similarity(g, g_exact, dim=0)))
            times.append(t)
        got = _predictions(approx, adata, rows)
        agree = sum(a == b for a, b in zip(got, want, strict=True)) / len(rows)
        ratio = sorted(times)[len(times) // 2] / t_exact
        print(f"| {name} | {method} | {sum(errs) / repeats:.3f} | {sum(coss) / repeats:.3f} "
              f"| {sum(found) / repeats:.2f} | {agree:.2f} | {ratio:.2f} |", flush=True)


def main() -> None:
    """Parse the flags and print the table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", default=os.environ.get("CORTEXLOG_DATA"))
    p.add_argument("--examples", type=int, default=64)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--untrained", action="store_true", help="networks at initialisation")
    p.add_argument("--only", default=None, help="run the settings whose name contains this")
    ns = p.parse_args()
    torch.set_num_threads(1)
    nets = _untrained() if ns.untrained else _pretrained(ns.data_dir)
    holder = Model(HWF, networks=nets)
    _sources(holder, ns.data_dir)
    train, test = (holder.module.sources[s].labels for s in ("train", "test"))
    assert train is not None and test is not None
    print("| setting | method | P rel. err | grad cos | found | agree | time x |")
    print("|---|---|---|---|---|---|---|")
    for name, program, examples in _settings(train, test, ns.examples):
        if ns.only is not None and ns.only not in name:
            continue
        compare(name, program, examples, nets, holder.module.sources, ns.repeats)


if __name__ == "__main__":
    main()
