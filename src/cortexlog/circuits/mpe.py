"""Most probable explanation: the argmax world of a max-product circuit (gradient trick).

With max-product on a smooth deterministic decomposable circuit, each max node passes its
gradient to one maximising child only, so the non-zero input gradients of an output
select exactly the literals of one maximising world (Darwiche's differential approach).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from cortexlog.circuits.module import CircuitModule


@dataclass(frozen=True)
class Explanation:
    """The MPE of one output, per batch element.

    Attributes:
        value: `[batch]` carrier value of the output (the max-product value).
        world: `[batch, n_vars]` truth value of each variable in the explanation.
        determined: `[batch, n_vars]` False where the circuit does not constrain the
            variable along the chosen branch (its `world` entry is then `pos >= neg`).
    """

    value: Tensor
    world: Tensor
    determined: Tensor


def mpe_explanation(
    module: CircuitModule, pos: Tensor, neg: Tensor, output: int = 0
) -> Explanation:
    """Return the most probable world of `output` under the module's max-product structure.

    Args:
        module: a `CircuitModule` whose structure's OR is a maximum (e.g. `mpe`);
            the circuit should be smooth (as `sdd_to_circuit` makes it).
        pos: `[batch, n_vars]` positive literal values.
        neg: `[batch, n_vars]` negative literal values.
        output: which output column to explain.

    Returns:
        The `Explanation`.

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> b = CircuitBuilder(n_vars=2)
    >>> x, nx, y, ny = b.literal(0), b.literal(0, False), b.literal(1), b.literal(1, False)
    >>> c = b.build([b.disj([b.conj([x, ny]), b.conj([nx, y])])])  # exclusive or
    >>> e = mpe_explanation(CircuitModule(c, "mpe"), torch.tensor([[0.9, 0.8]]),
    ...                     torch.tensor([[0.1, 0.2]]))
    >>> round(e.value.item(), 4), e.world.tolist()
    (0.18, [[True, False]])
    """
    p = pos.detach().clone().requires_grad_(True)
    n = neg.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        out = module(p, n)[:, output]
        gp, gn = torch.autograd.grad(out.sum(), (p, n), allow_unused=True)
    gp = torch.zeros_like(p) if gp is None else gp
    gn = torch.zeros_like(n) if gn is None else gn
    chose_pos, chose_neg = gp != 0, gn != 0
    world = torch.where(chose_pos | chose_neg, chose_pos, pos.detach() >= neg.detach())
    return Explanation(out.detach(), world, chose_pos | chose_neg)
