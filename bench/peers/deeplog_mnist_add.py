"""MNIST addition with DeepLog 5 (`pydeeplog`): one epoch, printed as one JSON line.

Run in the venv `bench/peers_setup.sh deeplog` makes (Python >= 3.12):

    .bench-venvs/deeplog/bin/python bench/peers/deeplog_mnist_add.py \
        --data-dir /path/to/mnist --digits 1 --path mvsdd

The program is DeepLog's DeepProbLog front-end (its syntax: `is(S,+(A,B))`, not infix),
grounded by its `SimpleGrounder`, compiled by `compile_to_module` into one module for the
query pattern, reshaped to one image argument per position and 19 (199) sums out.

`--path` picks how DeepLog compiles the expectation over the digit variables:
- `mvsdd`: multi-valued SDD (`pydeeplog[mvsdd]`), its fastest configuration.
- `default`: what plain `pip install pydeeplog` does. Without mv-sdd DeepLog's own dispatch
  (`compiler_installed`, a `find_spec("pymvsdd")`) falls back to enumerating every joint
  assignment of the digit variables. We hide `pymvsdd` from that lookup in this process,
  which is exactly the state of an install without the extra.
Which compiler actually ran is counted and reported (`compiled_with`).
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from importlib.metadata import version
from typing import Any

import torch
from _common import Examples, LeNet, base_parser, digit_accuracy, emit, prepare


def program_text(digits: int) -> tuple[str, list[str], list[str]]:
    """The program, the image constants and the output atoms for N-digit addition."""
    names = [f"i{k}" for k in range(2 * digits)]
    head = "nn(classifier,[X],Y,[0..9]) :: digit(X,Y).\n"
    if digits == 1:
        body = "addition(I1,I2,S) :- digit(I1,N1), digit(I2,N2), is(S,+(N1,N2)).\n"
        left, right = names
    else:
        body = (
            "number([],R,R).\n"
            "number([H|T],A,R) :- digit(H,D), is(A2,+(D,*(10,A))), number(T,A2,R).\n"
            "addition(X,Y,S) :- number(X,0,X2), number(Y,0,Y2), is(S,+(X2,Y2)).\n"
        )
        left = "[" + ",".join(names[:digits]) + "]"
        right = "[" + ",".join(names[digits:]) + "]"
    query = f"addition({left},{right},S)"
    n_sums = 2 * (10**digits - 1) + 1
    outputs = [f"addition({left},{right},{s}) _ probability" for s in range(n_sums)]
    return head + body + f"?- {query}.\n", names, outputs


def _count_calls(module: Any, name: str, counter: Counter, label: str) -> None:
    """Wrap `module.name` so each call adds one to `counter[label]`."""
    original: Callable = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        counter[label] += 1
        return original(*args, **kwargs)

    setattr(module, name, counted)


def build_model(digits: int, net: torch.nn.Module) -> tuple[torch.nn.Module, Counter]:
    """Ground and compile the addition program around `net`; count the compilers used."""
    from deeplog import Compiler, NetworkPredicate, SymTensor, reshape
    from deeplog.circuit.knowledge_compilation import mvsdd, sdd
    from deeplog.formula.lowering import expectation
    from deeplog.grounding.prolog import SimpleGrounder, str_to_rules
    from deeplog.systems.deepproblog import Solver, compile_to_module

    used: Counter = Counter()
    _count_calls(mvsdd, "compile_mvsdd", used, "mvsdd")
    _count_calls(sdd, "compile_sdd", used, "sdd")
    _count_calls(expectation, "enumeration", used, "enumeration")
    text, names, outputs = program_text(digits)
    result = Solver(SimpleGrounder()).get_query_result(tuple(str_to_rules(text)))
    compiler = Compiler(
        atom_builders={("classifier", 2, "probability"): partial(NetworkPredicate, module=net)}
    )
    model = reshape(
        compile_to_module(result, compiler),
        input=tuple(SymTensor(name) for name in names),
        output=SymTensor(outputs),
    )
    return model, used


def images_of(data: Examples, rows: torch.Tensor) -> list[torch.Tensor]:
    """One image batch [B, 1, 28, 28] per argument position."""
    index = data.index[rows]
    return [data.images[index[:, k]] for k in range(index.shape[1])]


def train_epoch(
    model: torch.nn.Module, data: Examples, batch_size: int, lr: float, log_every: int
) -> float:
    """One pass over `data` in order; returns the wall-clock seconds it took."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    start = time.perf_counter()
    for b, lo in enumerate(range(0, len(data), batch_size)):
        rows = torch.arange(lo, min(lo + batch_size, len(data)))
        probs = model(*images_of(data, rows))
        p = probs.gather(1, data.sums[rows].unsqueeze(1)).clamp_min(1e-12)
        loss = -torch.log(p).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if log_every and (b + 1) % log_every == 0:
            done = lo + len(rows)
            rate = (time.perf_counter() - start) / done
            print(f"[deeplog] {done}/{len(data)} loss {loss.item():.3f} {rate * 1e3:.2f} ms/ex",
                  file=sys.stderr, flush=True)
    return time.perf_counter() - start


def sum_accuracy(model: torch.nn.Module, data: Examples, batch_size: int) -> float:
    """Fraction of examples whose most probable sum is the label."""
    model.eval()
    correct = 0
    with torch.no_grad():
        for lo in range(0, len(data), batch_size):
            rows = torch.arange(lo, min(lo + batch_size, len(data)))
            pred = model(*images_of(data, rows)).argmax(1)
            correct += int((pred == data.sums[rows]).sum())
    return correct / len(data)


def main() -> None:
    """Parse options, compile, train one epoch, test, print the JSON line."""
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--path", choices=("mvsdd", "default"), default="mvsdd")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--eval-batch-size", type=int, default=None,
                        help="test batch (default: 256 on mvsdd, the train batch on default)")
    parser.add_argument("--log-every", type=int, default=0, help="progress to stderr every K")
    args = parser.parse_args()
    if args.path == "default":
        sys.modules["pymvsdd"] = None  # type: ignore[assignment]  # as without the extra
    train, test = prepare(args)
    net = LeNet()
    start = time.perf_counter()
    model, used = build_model(args.digits, net)
    compile_seconds = time.perf_counter() - start
    train_seconds = train_epoch(model, train, args.batch_size, args.lr, args.log_every)
    eval_batch = args.eval_batch_size or (256 if args.path == "mvsdd" else args.batch_size)
    start = time.perf_counter()
    accuracy = sum_accuracy(model, test, eval_batch)
    test_seconds = time.perf_counter() - start
    result = {
        "system": f"deeplog-{version('pydeeplog')}/{args.path}",
        "path": args.path,
        "compiled_with": dict(used),
        "test_accuracy": accuracy,
        "test_examples": len(test),
        "digit_accuracy": digit_accuracy(net, test.images, test.labels),
        "compile_seconds": round(compile_seconds, 3),
        "test_seconds": round(test_seconds, 3),
        "batch_size": args.batch_size,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    emit(result, train_seconds, args.digits, len(train))


if __name__ == "__main__":
    main()
