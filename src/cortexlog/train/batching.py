"""One network call per network for a batch that mixes query shapes.

Each shape's pattern would call every network on its own examples' inputs; for a batch of
many small shape groups that is many small calls. Here every network is called once on
the inputs of all groups (in group order), and each group's pattern then reads its slice
through a `Precomputed` module. Values and gradients are those of separate calls (for
networks whose output on an item does not depend on the rest of the batch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch
from torch import nn

from cortexlog.neural.calls import NeuralCalls


class Precomputed(nn.Module):
    """Serves outputs computed beforehand, whatever its inputs (they were already read).

    Args:
        outputs: the network's outputs for the calls of one pattern.
    """

    def __init__(self, outputs: torch.Tensor) -> None:
        super().__init__()
        self.outputs = outputs

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        """The stored outputs."""
        return self.outputs


def mergeable(plans: Sequence[NeuralCalls]) -> bool:
    """Whether the plans' calls can be merged (no tensor-valued nn/3 levels)."""
    return len(plans) > 1 and not any(p.derived for p in plans)


def merged_networks(networks: Mapping[str, nn.Module],
                    plans: Sequence[tuple[NeuralCalls, Mapping[str, torch.Tensor]]]
                    ) -> list[dict[str, nn.Module]]:
    """Call each network once over every plan's inputs; per plan, modules serving its slice.

    Args:
        networks: network name -> module (others, e.g. learnable probabilities, pass through).
        plans: per shape group, its call plan and its source tensors.

    Returns:
        Per plan, a network mapping for its pattern.
    """
    args: dict[str, list[list[torch.Tensor]]] = {}
    sizes: dict[str, list[int]] = {}
    for calls, sources in plans:
        for net, inputs in calls.calls.items():
            arity = len(inputs[0])
            per_arg = [torch.cat([sources[c[k]] for c in inputs]) for k in range(arity)]
            args.setdefault(net, [[] for _ in range(arity)])
            for k in range(arity):
                args[net][k].append(per_arg[k])
            sizes.setdefault(net, []).append(int(per_arg[0].shape[0]))
    chunks: dict[str, list[torch.Tensor]] = {}
    for net, arg_lists in args.items():
        out = networks[net](*[torch.cat(a) for a in arg_lists])
        chunks[net] = list(out.split(sizes[net]))
    result = []
    for i, (calls, _) in enumerate(plans):
        own = dict(networks)
        for net in calls.calls:
            own[net] = Precomputed(chunks[net][_position(plans, net, i)])
        result.append(own)
    return result


def _position(plans: Sequence[tuple[NeuralCalls, Mapping[str, torch.Tensor]]], net: str,
              i: int) -> int:
    """Index of plan i among the plans that call `net`."""
    return sum(1 for calls, _ in plans[:i] if net in calls.calls)
