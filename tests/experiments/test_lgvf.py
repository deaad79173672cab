"""LGVF (issue 14 item 3): a short run cuts constraint violations clearly; the CLI's last line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from cortexlog.experiments.cli import main
from cortexlog.experiments.lgvf import LGVFConfig, degree, load_constraint, mmd2, run_case

SHORT = LGVFConfig(steps=300, samples=1000, rollout_steps=8)


def test_the_constraint_files_count_violations_exactly() -> None:
    ring = load_constraint("ring", SHORT)
    x = torch.tensor([[0.0, 0.5], [1.5, 0.0], [0.0, -2.5], [1.0, 0.0]])
    assert (degree(ring, x) >= 1.0).tolist() == [False, True, False, True]
    obstacles = load_constraint("obstacles", SHORT)
    y = torch.tensor([[0.1, 0.1], [1.1, 0.9], [0.0, 1.0], [-1.0, -1.45]])
    assert (degree(obstacles, y) >= 1.0).tolist() == [False, False, True, True]


def test_mmd_is_about_zero_for_one_distribution_and_positive_for_two() -> None:
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(800, 2, generator=g), torch.randn(800, 2, generator=g)
    assert abs(mmd2(a, b)) < 0.01 and mmd2(a, b + 1.0) > 0.1


@pytest.mark.parametrize("case", ["ring", "obstacles"])
def test_a_short_run_cuts_violations(case: str) -> None:
    result = run_case(case, SHORT)
    m = result["metrics"]
    assert m["plain"]["violation_rate"] > 0.02
    assert result["reduction"] >= 50.0, m
    assert m["LGVF"]["violation_rate"] <= min(m["plain"]["violation_rate"],
                                              m["logic loss"]["violation_rate"])


def test_cli_last_line_is_the_violation_reduction(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lgvf", "--case", "linear", "--steps", "150", "--samples", "500",
                 "--out", str(tmp_path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("violation reduction: ") and last.endswith("%")
    assert (tmp_path / "lgvf_linear.png").is_file() and (tmp_path / "metrics.json").is_file()


def test_a_bad_constraint_file_is_a_located_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "lgvf_ring.pl").write_text("feasible(P) :- norm(P) >= foo(1).\n"
                                           "query(feasible(X)).\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "cortexlog", "experiment", "lgvf", "--case",
                          "ring", "--steps", "5", "--constraints", str(tmp_path), "--out",
                          str(tmp_path / "run")], capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "lgvf_ring.pl:1:1: error: unknown function foo/1" in out.stderr
