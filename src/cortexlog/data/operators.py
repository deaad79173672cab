"""Handwritten-style operator images (+, -, *, /) for formula tasks, drawn procedurally.

MNIST has no operator symbols. These glyphs are strokes with a random thickness, length,
slant, position and noise, drawn anti-aliased at the size of the digit images, so that
an operator network has a perception problem of its own (a few percent of them are hard
to tell apart). Deterministic per split.
"""

from __future__ import annotations

import math

import torch

from cortexlog.data.split import MnistData, split_name

#: The operators in label order (the order of `op_net`'s domain in examples/hwf.pl).
OPERATORS = ("plus", "minus", "times", "div")
SIZE = {"train": 8000, "test": 2000}
_SEED = {"train": 11, "test": 12}


def _segments(label: int, g: torch.Generator) -> list[tuple[float, float, float, float]]:
    """The strokes of an operator in unit coordinates (centre 0, half-size about 0.7)."""
    r = lambda lo, hi: lo + (hi - lo) * float(torch.rand((), generator=g))  # noqa: E731
    a, b = r(0.45, 0.7), r(0.45, 0.7)
    if label == 0:  # plus
        return [(-a, 0.0, a, 0.0), (0.0, -b, 0.0, b)]
    if label == 1:  # minus
        return [(-a, 0.0, a, 0.0)]
    if label == 2:  # times
        return [(-a, -a, a, a), (-b, b, b, -b)]
    d = r(0.3, 0.5)  # division: a bar and two dots (very short strokes)
    return [(-a, 0.0, a, 0.0), (0.0, -d, 0.0, -d + 0.02), (0.0, d, 0.0, d + 0.02)]


def _draw(label: int, size: int, g: torch.Generator) -> torch.Tensor:
    """One `[size, size]` image in [0, 1]."""
    r = lambda lo, hi: lo + (hi - lo) * float(torch.rand((), generator=g))  # noqa: E731
    angle = r(-0.25, 0.25)
    cx, cy, scale = r(-0.12, 0.12), r(-0.12, 0.12), r(0.7, 1.0)
    width = r(0.09, 0.2)
    axis = torch.linspace(-1.0, 1.0, size)
    ys, xs = torch.meshgrid(axis, axis, indexing="ij")
    dist = torch.full((size, size), math.inf)
    cos, sin = math.cos(angle), math.sin(angle)
    for x0, y0, x1, y1 in _segments(label, g):
        ends = []
        for x, y in ((x0, y0), (x1, y1)):
            x, y = x * scale, y * scale
            ends.append((cos * x - sin * y + cx, sin * x + cos * y + cy))
        (ax, ay), (bx, by) = ends
        dx, dy = bx - ax, by - ay
        t = (((xs - ax) * dx + (ys - ay) * dy) / max(dx * dx + dy * dy, 1e-9)).clamp(0, 1)
        dist = torch.minimum(dist, torch.hypot(xs - ax - t * dx, ys - ay - t * dy))
    pixel = 2.0 / size
    img = ((width / 2 - dist) / pixel + 0.5).clamp(0, 1)
    img = img + 0.08 * torch.randn(size, size, generator=g)
    return img.clamp(0, 1)


def load_operators(split: str, size: int = 28, n: int | None = None) -> MnistData:
    """Operator images of a split (labels index `OPERATORS`).

    Args:
        split: "train" or "test".
        size: the image side (28 like MNIST, 8 like the bundled digits).
        n: how many (default 8,000 for train, 2,000 for test).

    Returns:
        `MnistData` with images `[n, 1, size, size]` in [0, 1] and labels `[n]`.

    >>> ops = load_operators("test", size=8, n=6)
    >>> tuple(ops.images.shape), ops.labels.tolist()
    ((6, 1, 8, 8), [0, 1, 2, 3, 0, 1])
    """
    name = split_name(split)
    count = SIZE[name] if n is None else n
    g = torch.Generator().manual_seed(_SEED[name] * 1000 + size)
    labels = torch.arange(count) % len(OPERATORS)
    images = torch.stack([_draw(int(k), size, g) for k in labels]).unsqueeze(1)
    return MnistData(images.float(), labels, f"generated operators {size}x{size} ({name})")
