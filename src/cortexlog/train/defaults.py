"""Default networks, sized from a network's declaration and the items it is called on.

A network the user does not give gets a standard one: LeNet for one square grey-scale
image, a shared-LeNet multi-input head for several images, an MLP for anything else
(vectors, numbers). It has |domain| outputs (1 for the binary `nn(net, [X]) :: head.`).
"""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

from cortexlog.neural.nets import MLP, AddChannel, LeNet, SumNet


def _image_side(shape: tuple[int, ...]) -> int | None:
    """The side of a square one-channel image item (`[1, H, H]` or `[H, H]`), else None."""
    dims = shape[1:] if len(shape) == 3 and shape[0] == 1 else shape
    if len(dims) == 2 and dims[0] == dims[1] and dims[0] >= 4:
        return int(dims[0])
    return None


def default_network(inputs: Sequence[tuple[int, ...]], n_out: int,
                    shift: int = 0) -> tuple[nn.Module, str]:
    """A standard network for these input item shapes, and a one-line description.

    Args:
        inputs: the shape of one item of each input argument.
        n_out: number of outputs.
        shift: image networks translate training images by up to this many pixels.

    Returns:
        `(module, description)`.

    >>> default_network([(1, 28, 28)], 10)[1]
    'LeNet (1 image 28x28 -> 10 outputs)'
    >>> default_network([(1, 28, 28)], 10, shift=2)[1]
    'LeNet (1 image 28x28 -> 10 outputs, shifted up to 2 px in training)'
    >>> default_network([(1,), (1,)], 2)[1]
    'MLP (2 features -> 64 hidden -> 2 outputs)'
    """
    sides = [_image_side(s) for s in inputs]
    if sides and all(s is not None and s == sides[0] for s in sides):
        side = int(sides[0] or 0)
        net: nn.Module = (LeNet(n_out, side, shift) if len(inputs) == 1
                          else SumNet(len(inputs), n_out, side, shift))
        if len(inputs[0]) == 2:
            net = AddChannel(net)
        kind = "LeNet" if len(inputs) == 1 else "LeNet-encoder head"
        plural = "image" if len(inputs) == 1 else "images"
        aug = f", shifted up to {shift} px in training" if shift else ""
        return net, f"{kind} ({len(inputs)} {plural} {side}x{side} -> {n_out} outputs{aug})"
    n_in = 1
    total = 0
    for s in inputs:
        n_in = 1
        for d in s:
            n_in *= d
        total += n_in
    return MLP(total, n_out), f"MLP ({total} features -> 64 hidden -> {n_out} outputs)"
