"""The MNIST loader: a given location must hold MNIST; the fallback only without one."""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest
import torch

from cortexlog.cli import main as cli_main
from cortexlog.data import DataError, IdxFormatError, MnistData, load_mnist, write_idx
from cortexlog.data import download as download_mod
from cortexlog.data import mnist as mnist_mod


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(mnist_mod, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)
    monkeypatch.delenv("CORTEXLOG_NO_DOWNLOAD", raising=False)
    monkeypatch.setattr(mnist_mod, "MIRRORS", ())  # never the network in a test
    mnist_mod._CACHE.clear()


def _write_split(root: Path, prefix: str, n: int, compress: bool,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    root.mkdir(parents=True, exist_ok=True)
    sfx = ".gz" if compress else ""
    write_idx(root / f"{prefix}-images-idx3-ubyte{sfx}", images, compress=compress)
    write_idx(root / f"{prefix}-labels-idx1-ubyte{sfx}", labels, compress=compress)
    return images, labels


@pytest.mark.parametrize("compress", [False, True])
def test_load_from_data_dir(tmp_path: Path, compress: bool) -> None:
    images, labels = _write_split(tmp_path / "d", "train", 5, compress)
    data = load_mnist("train", tmp_path / "d", download=False)
    assert isinstance(data, MnistData)
    assert data.images.shape == (5, 1, 28, 28) and data.images.dtype == torch.float32
    assert data.labels.dtype == torch.int64
    assert data.labels.tolist() == labels.tolist()
    assert data.images[2, 0, 3, 4].item() == pytest.approx(images[2, 3, 4] / 255.0)
    assert 0.0 <= data.images.min() and data.images.max() <= 1.0
    assert not data.is_fallback and len(data) == 5


def test_env_var_and_torchvision_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, labels = _write_split(tmp_path / "tv" / "MNIST" / "raw", "t10k", 4, False, seed=3)
    monkeypatch.setenv("CORTEXLOG_DATA", str(tmp_path / "tv"))
    data = load_mnist("test", download=False)
    assert data.labels.tolist() == labels.tolist()
    assert data.source.endswith("raw")


@pytest.mark.parametrize("via", ["argument", "env"])
def test_missing_data_dir_is_an_error_not_a_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    via: str,
) -> None:
    missing = tmp_path / "typo"
    if via == "env":
        monkeypatch.setenv("CORTEXLOG_DATA", str(missing))
    with pytest.raises(DataError) as info:
        load_mnist("train", missing if via == "argument" else None)
    assert str(missing) in info.value.message and "does not exist" in info.value.message
    assert info.value.hint is not None and "--data-dir" in info.value.hint
    assert capsys.readouterr().err == ""  # no fallback notice


def test_data_dir_without_mnist_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _write_split(tmp_path / "empty", "t10k", 3, True)  # the test split only
    assert len(load_mnist("test", tmp_path / "empty")) == 3
    with pytest.raises(DataError, match="no MNIST train files") as info:
        load_mnist("train", tmp_path / "empty")
    assert info.value.hint is not None and "train-images-idx3-ubyte" in info.value.hint
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataError, match="not a directory"):
        load_mnist("train", tmp_path / "file")


def test_corrupt_file_in_data_dir_names_it(tmp_path: Path) -> None:
    _write_split(tmp_path / "d", "train", 6, True)
    f = tmp_path / "d" / "train-images-idx3-ubyte.gz"
    f.write_bytes(f.read_bytes()[:-20])
    with pytest.raises(IdxFormatError) as info:
        load_mnist("train", tmp_path / "d")
    assert str(f) in info.value.message


def test_mismatched_pair_is_an_error(tmp_path: Path) -> None:
    _write_split(tmp_path / "d", "train", 6, False)
    write_idx(tmp_path / "d" / "train-labels-idx1-ubyte", np.zeros(5, dtype=np.uint8))
    with pytest.raises(IdxFormatError, match="expected images"):
        load_mnist("train", tmp_path / "d")


def test_no_location_reads_the_cache(tmp_path: Path) -> None:
    _, labels = _write_split(tmp_path / "cache", "t10k", 4, True, seed=5)
    data = load_mnist("test", download=False)
    assert data.labels.tolist() == labels.tolist() and not data.is_fallback


def test_fallback_only_without_location_and_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CORTEXLOG_NO_DOWNLOAD", "1")
    train = load_mnist("train")
    test = load_mnist("test")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and len(lines[0]) <= 120, lines
    assert "bundled 8x8 digits" in lines[0]
    assert "--data-dir DIR" in lines[0] and "CORTEXLOG_DATA=DIR" in lines[0]
    assert train.is_fallback and train.images.shape[1:] == (1, 8, 8)
    assert len(train) + len(test) == 1797
    again = load_mnist("train")
    assert torch.equal(train.labels, again.labels)


def test_download_failure_falls_back(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(mnist_mod, "MIRRORS", ("http://127.0.0.1:9/",))
    data = load_mnist("test", download=True, timeout=0.5)
    assert data.is_fallback
    assert "download failed" in capsys.readouterr().err


class _FakeMirrors:
    """`urlopen` stand-in: serves `files[url]`, or raises like an unreachable host."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files, self.requested = files, []

    def __call__(self, url: str, timeout: float) -> io.BytesIO:
        self.requested.append(url)
        if url not in self.files:
            raise OSError(f"unreachable: {url}")
        return io.BytesIO(self.files[url])


def test_download_verifies_checksums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    _, labels = _write_split(src, "t10k", 7, False, seed=2)
    stems = ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
    raw = {s: (src / s).read_bytes() for s in stems}
    monkeypatch.setattr(download_mod, "SHA256",
                        {s: hashlib.sha256(raw[s]).hexdigest() for s in stems})
    bad, good = "http://bad.example/", "http://good.example/"
    fake = _FakeMirrors({
        bad + f"{stems[0]}.gz": gzip.compress(raw[stems[0]][:-1] + b"\x00"),  # tampered
        good + f"{stems[0]}.gz": gzip.compress(raw[stems[0]]),
        good + f"{stems[1]}.gz": gzip.compress(raw[stems[1]]),
    })
    monkeypatch.setattr(download_mod.urllib.request, "urlopen", fake)
    monkeypatch.setattr(mnist_mod, "MIRRORS", (bad, good))
    data = load_mnist("test", download=True)
    assert not data.is_fallback and data.labels.tolist() == labels.tolist()
    assert fake.requested[0] == bad + f"{stems[0]}.gz"  # tried, rejected, not kept
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [f"{s}.gz" for s in stems]


def test_checksum_table_is_mnist() -> None:
    assert set(download_mod.SHA256) == {s for pair in mnist_mod._STEMS.values() for s in pair}
    assert not download_mod.verify("t10k-labels-idx1-ubyte", b"\x1f\x8b truncated")


def test_unknown_split(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="valid"):
        load_mnist("validation", tmp_path)


def test_cli_reports_a_missing_data_dir_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli_main(["train", "--data-dir", str(tmp_path / "typo"), "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{tmp_path / 'typo'}" in err and "does not exist" in err and "hint:" in err
    assert "Traceback" not in err and not (tmp_path / "r" / "model.pt").exists()
