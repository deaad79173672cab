"""Approximate inference in training: exact where exhaustive, learns, clear misuse errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tests.train.helpers import PROGRAM, Scale, digit_probs

from cortexlog.cli import main as cortexlog_main
from cortexlog.errors import CortexlogError
from cortexlog.train import Model
from cortexlog.train.inference import METHODS, get_inference

EXAMPLES = ["add(tensor(s(0)), tensor(s(1)), 2)", "add(tensor(s(2)), tensor(s(3)), 4)",
            ("equal(tensor(s(4)), tensor(s(5)))", 0.3), "add(tensor(s(1)), tensor(s(1)), 0)",
            "add(tensor(s(3)), tensor(s(2)), 7)"]


def _model(inference: str, semantics: str = "probability") -> tuple[Model, torch.Tensor]:
    torch.manual_seed(0)
    items = torch.randn(6, 3, dtype=torch.float64)
    model = Model(PROGRAM, networks={"net": Scale()}, uniform_prior=0.0, inference=inference,
                  semantics=semantics)
    model.add_tensors("s", items)
    return model, items


def _losses(inference: str, semantics: str = "probability"
            ) -> tuple[torch.Tensor, torch.Tensor]:
    model, _ = _model(inference, semantics)
    data = model.examples(EXAMPLES)
    model.module.prepare(data)
    losses = model.module(data, torch.arange(len(EXAMPLES)))
    (grad,) = torch.autograd.grad(losses[:-1].sum(), [model.networks["net"].w])
    return losses, grad


@pytest.mark.parametrize("semantics", ["probability", "logprob"])
def test_top_k_over_every_world_equals_exact_inference(semantics: str) -> None:
    exact, g_exact = _losses("exact", semantics)
    approx, g_approx = _losses("top-k:9", semantics)  # 3 x 3 worlds: all of them
    torch.testing.assert_close(approx.double(), exact.double(), rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(g_approx, g_exact, rtol=1e-6, atol=1e-8)


def test_sampling_losses_are_finite_and_seeded() -> None:
    for method in ("sample:8", "indecater:2"):
        a, _ = _losses(method)
        b, _ = _losses(method)
        assert torch.isfinite(a[:-1]).all() and torch.equal(a, b)


def test_predictions_are_the_most_probable_world() -> None:
    model, items = _model("top-k:3")
    guess = digit_probs(model.networks["net"], items).argmax(1).tolist()
    answer = guess[0] + guess[1]
    (got, value), = model.predict("add(tensor(s(0)), tensor(s(1)), S)").items()
    p = digit_probs(model.networks["net"], items).detach()
    assert got == str(answer) and 0 < value <= float(sum(
        p[0, i] * p[1, answer - i] for i in range(3) if 0 <= answer - i < 3)) + 1e-9
    m = model.evaluate([f"add(tensor(s(0)), tensor(s(1)), {answer})",
                        f"add(tensor(s(0)), tensor(s(1)), {answer + 1})"])
    assert m["test_accuracy"] == pytest.approx(0.5)


@pytest.mark.parametrize("method", ["top-k:4", "sample:8", "indecater:2"])
def test_every_method_learns_a_relation_from_sums(method: str) -> None:
    gen = torch.Generator().manual_seed(0)
    kinds = torch.randint(3, (400,), generator=gen)
    items = torch.nn.functional.one_hot(kinds, 3).float() * 2 + 0.3 * torch.randn(
        400, 3, generator=gen)
    torch.manual_seed(1)
    net = torch.nn.Linear(3, 3)
    model = Model(PROGRAM, networks={"net": net}, inference=method, seed=1)
    model.add_tensors("s", items, kinds)
    ex = [f"add(tensor(s({i})), tensor(s({i + 1})), {int(kinds[i] + kinds[i + 1])})"
          for i in range(0, 398, 2)]
    model.fit(ex[:150], ex[150:], epochs=4, batch_size=8, lr=0.05, progress=False)
    assert model.evaluate(ex[150:])["test_accuracy"] > 0.8


def test_method_names_and_counts() -> None:
    assert str(get_inference("top-k:3")) == "top-k:3" and get_inference("exact").exact
    with pytest.raises(CortexlogError, match="unknown inference") as e:
        get_inference("beam")
    assert all(name in (e.value.hint or "") for name in METHODS)
    for bad in ("top-k:0", "top-k:x", "exact:3", "sample:-2"):
        with pytest.raises(CortexlogError, match="bad inference"):
            get_inference(bad)


def test_misuse_is_a_clear_error() -> None:
    with pytest.raises(CortexlogError, match="estimates probabilities"):
        Model(PROGRAM, semantics="godel", inference="top-k")
    with pytest.raises(CortexlogError, match="learnable probabilities"):
        Model(PROGRAM + "t(0.5)::coin.\n", inference="sample")
    with pytest.raises(CortexlogError, match="makes no neural call"):
        model = Model(PROGRAM + "0.5::a(X).\n", inference="top-k")
        model.add_tensors("s", torch.zeros(2, 3))
        model.fit(["a(tensor(s(0)))"], epochs=1, progress=False)


def test_cli_flag(tmp_path: Path, capsys: pytest.CaptureFixture,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)
    monkeypatch.setattr("cortexlog.data.mnist.CACHE_DIR", tmp_path / "no-cache")
    args = ["train", "--train-size", "64", "--test-size", "32", "--no-progress",
            "--out", str(tmp_path / "run")]
    assert cortexlog_main([*args, "--inference", "top-k:5"]) == 0
    assert "test accuracy:" in capsys.readouterr().out
    assert cortexlog_main([*args, "--overwrite", "--inference", "nope"]) == 1
    err = capsys.readouterr().err
    assert "unknown inference method 'nope'" in err and "indecater" in err
    assert "Traceback" not in err


CALC = ("nn(dnet,[X],Y,[0,1,2]) :: digit(X,Y).\n"
        "nn(onet,[X],Y,[plus,minus]) :: op(X,Y).\n"
        "calc(A,O,B,R) :- digit(A,X), op(O,plus), digit(B,Y), R is X+Y.\n"
        "calc(A,O,B,R) :- digit(A,X), op(O,minus), digit(B,Y), R is X-Y.\n")


@pytest.mark.parametrize("method", ["exact", "top-k:3"])
def test_network_accuracy_reads_each_network_on_its_own_sources(method: str) -> None:
    gen = torch.Generator().manual_seed(0)
    kinds = torch.randint(3, (40,), generator=gen)
    ops = torch.randint(2, (40,), generator=gen)
    model = Model(CALC, inference=method)
    model.add_tensors("d", torch.nn.functional.one_hot(kinds, 3).float(), kinds)
    model.add_tensors("o", torch.nn.functional.one_hot(ops, 2).float(), ops)
    ex = [f"calc(tensor(d({i})), tensor(o({i})), tensor(d({i + 1})), "
          f"{int(kinds[i] + kinds[i + 1] if ops[i] == 0 else kinds[i] - kinds[i + 1])})"
          for i in range(39)]
    m = model.evaluate(ex)
    keys = {k for k in m if k.startswith("accuracy/")}
    assert keys == {"accuracy/dnet/d", "accuracy/onet/o"}
    net = model.networks["onet"]
    guess = net(torch.eye(2)).argmax(1)
    want = float((guess[ops] == ops).float().mean())
    assert m["accuracy/onet/o"] == pytest.approx(want)
