"""LTN parity: LTN's binary classification example, in LTNtorch and in cortexlog, side by side.

Same data (LTNtorch examples/1: 100 points in [0, 1]^2, A = within 0.3 of the centre, the
first 50 for training), same MLP (2-16-16-1, ELU, sigmoid) with the same initial weights,
same knowledge base {forall x+ A(x+), forall x- not A(x-)} under SatAgg (p-mean error, p=2,
stable product configuration), same Adam (lr 0.001), full-batch steps. LTNtorch runs in
its own interpreter (`--ltn-python`, a venv with `pip install torch==2.13.0 LTNtorch`);
cortexlog compiles examples/realvalued/ltn_binary_classification.pl. Prints, per seed, the
largest difference of the training satisfaction curves, final satisfaction and accuracy,
and the training time of each side (one thread each) with their ratio.

    python bench/ltn_parity.py --ltn-python .bench-venvs/ltn/bin/python --epochs 1000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "examples" / "realvalued" / "ltn_binary_classification.pl"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The comparison's options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ltn-python", default=str(ROOT / ".bench-venvs" / "ltn" / "bin" / "python"),
                   help="an interpreter with LTNtorch installed")
    p.add_argument("--epochs", type=int, default=1000)
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--side", choices=["cortexlog", "ltn"], help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _setup(seed: int):  # noqa: ANN202 - torch is imported inside each side's interpreter
    """The example's data and network, identical in both interpreters for a seed."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    data = torch.rand((100, 2))
    labels = torch.sum(torch.square(data - torch.tensor([0.5, 0.5])), dim=1) < 0.09

    class ModelA(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer1 = torch.nn.Linear(2, 16)
            self.layer2 = torch.nn.Linear(16, 16)
            self.layer3 = torch.nn.Linear(16, 1)
            self.elu = torch.nn.ELU()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = self.elu(self.layer1(x))
            x = self.elu(self.layer2(x))
            return torch.sigmoid(self.layer3(x))

    model = ModelA()
    train, test = (data[:50], labels[:50]), (data[50:], labels[50:])
    return torch, model, train, test


def run_side(side: str, seed: int, epochs: int) -> dict:
    """Train on one side; the satisfaction before each step, the final metrics, the time."""
    torch, model, (x_tr, y_tr), (x_te, y_te) = _setup(seed)
    if side == "ltn":
        import ltn

        a = ltn.Predicate(model)
        neg = ltn.Connective(ltn.fuzzy_ops.NotStandard())
        forall = ltn.Quantifier(ltn.fuzzy_ops.AggregPMeanError(p=2), quantifier="f")
        sat_agg = ltn.fuzzy_ops.SatAgg()

        def kb(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            pos, nxt = ltn.Variable("x_A", x[y]), ltn.Variable("x_not_A", x[~y])
            return sat_agg(forall(pos, a(pos)), forall(nxt, neg(a(nxt))))
    else:
        sys.path.insert(0, str(ROOT / "src"))
        from cortexlog.realvalued import ConstraintModule

        module = ConstraintModule.from_file(PROGRAM, "product", {"a_net": model})

        def kb(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            return module(pos=x[y], neg=x[~y])

    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    curve = []
    start = time.perf_counter()
    for _ in range(epochs):
        optimizer.zero_grad()
        sat = kb(x_tr, y_tr)
        (1.0 - sat).backward()
        optimizer.step()
        curve.append(sat.item())
    seconds = time.perf_counter() - start
    with torch.no_grad():
        test_sat = kb(x_te, y_te).item()
        accuracy = ((model(x_te)[:, 0] > 0.5) == y_te).float().mean().item()
    return {"curve": curve, "seconds": seconds, "test_sat": test_sat, "test_acc": accuracy}


def _spawn(python: str, side: str, seed: int, epochs: int) -> dict:
    out = subprocess.run([python, __file__, "--side", side, "--seed", str(seed), "--epochs",
                          str(epochs)], capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(out.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run both sides per seed and print the comparison table."""
    args = parse_args(argv)
    if args.side:
        print(json.dumps(run_side(args.side, args.seed, args.epochs)))
        return 0
    print(f"LTN binary classification, {args.epochs} full-batch Adam steps, 1 thread each\n")
    print("| seed | max abs diff of train sat curves | final train sat LTN / cortexlog | "
          "test sat LTN / cortexlog | test acc LTN / cortexlog | seconds LTN / cortexlog |"
          " time ratio cortexlog/LTN |")
    print("|---|---|---|---|---|---|---|")
    ratios = []
    for seed in args.seeds:
        ltn_r = _spawn(args.ltn_python, "ltn", seed, args.epochs)
        ours = _spawn(sys.executable, "cortexlog", seed, args.epochs)
        diff = max(abs(a - b) for a, b in zip(ltn_r["curve"], ours["curve"], strict=True))
        ratio = ours["seconds"] / ltn_r["seconds"]
        ratios.append(ratio)
        print(f"| {seed} | {diff:.2e} | {ltn_r['curve'][-1]:.4f} / {ours['curve'][-1]:.4f} | "
              f"{ltn_r['test_sat']:.4f} / {ours['test_sat']:.4f} | "
              f"{ltn_r['test_acc']:.2f} / {ours['test_acc']:.2f} | "
              f"{ltn_r['seconds']:.2f} / {ours['seconds']:.2f} | {ratio:.2f} |")
    print(f"\nmedian time ratio cortexlog/LTN: {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
