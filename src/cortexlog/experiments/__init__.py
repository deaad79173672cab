"""Brain-inspired reproductions: ``EXPERIMENTS`` registry and the ``cli.main`` entry point."""

from cortexlog.experiments.registry import EXPERIMENTS, Experiment, run_experiment

__all__ = ["EXPERIMENTS", "Experiment", "run_experiment"]
