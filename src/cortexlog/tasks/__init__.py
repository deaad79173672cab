"""Built-in tasks: programs plus generators of their examples from labelled digits.

This is the only package that knows about addition, digits or MNIST tasks; the trainer
below it sees a program, examples and tensor sources.
"""

from cortexlog.tasks.registry import TASKS, Task, TaskData, get_task

__all__ = ["TASKS", "Task", "TaskData", "get_task"]
