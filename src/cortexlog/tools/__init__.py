"""ProbLog's inference tasks on a ground program: `ground`, `mpe`, `explain`, DOT pictures.

The `cortexlog ground|mpe|explain|compile` subcommands (`cortexlog.tools.cli`) run on the
torch-free path: ground program -> formula -> SDD circuit, evaluated in Python floats.
Not to be confused with `cortexlog.tasks`, the built-in training tasks.
"""
