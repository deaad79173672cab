"""Tensor sources from files and Python values, with clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from cortexlog.errors import CortexlogError
from cortexlog.train.tensors import as_tensor, load_source, parse_tensor_args


def test_pt_npy_npz_sources(tmp_path: Path) -> None:
    x = torch.arange(12.0).view(4, 3)
    torch.save(x, tmp_path / "a.pt")
    torch.save({"data": x, "labels": torch.tensor([0, 1, 0, 1])}, tmp_path / "b.pt")
    np.save(tmp_path / "c.npy", x.double().numpy())
    np.savez(tmp_path / "d.npz", data=x.numpy(), labels=np.array([1, 1, 0, 0]))
    srcs = parse_tensor_args([f"a={tmp_path / 'a.pt'}", f"b={tmp_path / 'b.pt'}",
                              f"c={tmp_path / 'c.npy'}", f"d={tmp_path / 'd.npz'}"])
    for name in "abcd":
        assert torch.equal(srcs[name].data, x) and srcs[name].data.dtype == torch.float32
    assert srcs["a"].labels is None and srcs["b"].labels.tolist() == [0, 1, 0, 1]
    assert srcs["d"].labels.tolist() == [1, 1, 0, 0] and srcs["c"].item_shape == (3,)


@pytest.mark.parametrize(("spec", "needle"), [
    ("noequals", "bad --tensors"),
    ("x=missing.pt", "no such file"),
    ("x=mnist:valid", "unknown MNIST split"),
])
def test_bad_specs(spec: str, needle: str) -> None:
    with pytest.raises(CortexlogError, match=needle):
        parse_tensor_args([spec])


def test_corrupt_and_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "bad.pt").write_bytes(b"not a torch file")
    with pytest.raises(CortexlogError, match="cannot read tensor source"):
        load_source("x", str(tmp_path / "bad.pt"))
    (tmp_path / "x.csv").write_text("1,2\n")
    with pytest.raises(CortexlogError, match="unknown file type"):
        load_source("x", str(tmp_path / "x.csv"))
    with pytest.raises(CortexlogError, match="given twice"):
        parse_tensor_args(["x=mnist:nope", "x=mnist:nope"])


def test_python_values() -> None:
    assert as_tensor([torch.zeros(2), torch.ones(2)], "s").shape == (2, 2)
    assert as_tensor(np.zeros((3, 1)), "s").dtype == torch.float32
    with pytest.raises(CortexlogError, match="scalar"):
        as_tensor(torch.tensor(1.0), "s")
    with pytest.raises(CortexlogError, match="do not stack"):
        as_tensor([torch.zeros(2), torch.zeros(3)], "s")
    with pytest.raises(CortexlogError, match="non-empty sequence"):
        as_tensor([], "s")
