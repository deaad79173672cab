"""Estimators of a query's probability over worlds of independent categorical choices.

Each estimator takes the choice probabilities `probs [B, C, D]` (example, neural call,
value; zero-padded past a call's domain size `dims[c]`) and an oracle
`f(b, world) -> P(query_b | world)`, and returns `[B]` values whose forward value
estimates `P(query_b)` and whose gradient estimates `d P(query_b) / d probs` (so `-log`
of it trains like the exact probability):
- `top_k_worlds`: the sum over the k most probable worlds where the query can hold (a lower
  bound, exact once every such world is found; deterministic; DeepProbLog's approximate
  engine and Scallop's top-k proofs when a proof fixes every call);
- `reinforce`: the score-function estimator with a leave-one-out baseline (RLOO);
- `indecater`: IndeCateR (De Smet et al., 2023): per call, every value against the other
  calls' sampled values, unbiased with far lower variance than REINFORCE.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator, Sequence

import torch

Oracle = Callable[[int, tuple[int, ...]], float]
#: Worlds tried per example by `top_k_worlds`, per proof asked for.
TRIES_PER_PROOF = 16


def best_worlds(logp: list[list[float]]) -> Iterator[tuple[tuple[int, ...], float]]:
    """Worlds of independent choices in order of decreasing probability (lazily).

    Each call's values are ranked once; a world is a rank vector, and its successors raise
    one rank at or after the last raised position, so every world is met exactly once and
    never before a more probable one.

    Args:
        logp: per call, the log-probability of each of its values.

    Yields:
        `(value index per call, log-probability)`.

    >>> import math
    >>> [w for w, _ in best_worlds([[math.log(.6), math.log(.4)], [math.log(.3), math.log(.7)]])]
    [(0, 1), (1, 1), (0, 0), (1, 0)]
    """
    order = [sorted(range(len(lp)), key=lp.__getitem__, reverse=True) for lp in logp]
    score = [[lp[v] for v in o] for lp, o in zip(logp, order, strict=True)]
    start = tuple(0 for _ in logp)
    heap = [(-sum(s[0] for s in score), start, 0)]
    while heap:
        neg, ranks, last = heapq.heappop(heap)
        yield tuple(o[r] for o, r in zip(order, ranks, strict=True)), -neg
        for i in range(last, len(ranks)):
            r = ranks[i] + 1
            if r < len(score[i]) and score[i][r] > -math.inf:
                child = ranks[:i] + (r,) + ranks[i + 1:]
                heapq.heappush(heap, (neg + score[i][ranks[i]] - score[i][r], child, i))


def world_probs(probs: torch.Tensor, worlds: torch.Tensor) -> torch.Tensor:
    """`prod_c probs[b, c, worlds[b, s, c]]` for worlds `[B, S, C]` -> `[B, S]`."""
    b, s, c = worlds.shape
    picked = probs.unsqueeze(1).expand(b, s, c, probs.shape[2]).gather(
        3, worlds.unsqueeze(-1)).squeeze(-1)
    return picked.prod(-1)


def top_k_worlds(probs: torch.Tensor, dims: Sequence[int], oracle: Oracle, k: int,
                 generator: torch.Generator | None = None) -> torch.Tensor:
    """The probability mass of the k most probable worlds where each query can hold.

    Args:
        probs: `[B, C, D]` choice probabilities.
        dims: the domain size of each call (`probs` is zero-padded past it).
        oracle: `(example, world) -> P(query | world)`.
        k: worlds to find per example (at most `TRIES_PER_PROOF * k` are tried).
        generator: unused (the estimate is deterministic).

    Returns:
        `[B]` lower bounds of `P(query)`, differentiable in `probs`.
    """
    del generator
    logp = probs.detach().clamp_min(1e-30).log().cpu().tolist()
    found: list[list[tuple[int, ...]]] = []
    weight: list[list[float]] = []
    for b, rows in enumerate(logp):
        ws: list[tuple[int, ...]] = []
        fs: list[float] = []
        for tried, (world, _) in enumerate(best_worlds([r[:d] for r, d in zip(rows, dims,
                                                                               strict=True)])):
            if tried >= TRIES_PER_PROOF * k:
                break
            f = oracle(b, world)
            if f > 0:
                ws.append(world)
                fs.append(f)
                if len(ws) == k:
                    break
        found.append(ws)
        weight.append(fs)
    return _weighted_sum(probs, found, weight)


def _weighted_sum(probs: torch.Tensor, worlds: list[list[tuple[int, ...]]],
                  weights: list[list[float]]) -> torch.Tensor:
    """`sum_s weights[b][s] * P(worlds[b][s])` per example (worlds padded with weight 0)."""
    b, c = probs.shape[0], probs.shape[1]
    s = max((len(w) for w in worlds), default=0)
    if s == 0:
        return probs.sum((1, 2)) * 0.0
    idx = torch.zeros(b, s, c, dtype=torch.long)
    wts = torch.zeros(b, s, dtype=probs.dtype)
    for i, (ws, fs) in enumerate(zip(worlds, weights, strict=True)):
        if ws:
            idx[i, :len(ws)] = torch.tensor(ws, dtype=torch.long)
            wts[i, :len(fs)] = torch.tensor(fs, dtype=probs.dtype)
    p = world_probs(probs, idx.to(probs.device))
    return (p * wts.to(probs.device)).sum(1)


def sample_worlds(probs: torch.Tensor, samples: int,
                  generator: torch.Generator | None = None) -> torch.Tensor:
    """`[B, S, C]` worlds drawn from the choice probabilities (no gradient)."""
    b, c, d = probs.shape
    flat = probs.detach().reshape(b * c, d).float().cpu()
    draws = torch.multinomial(flat, samples, replacement=True, generator=generator)
    return draws.view(b, c, samples).permute(0, 2, 1)


def reinforce(probs: torch.Tensor, dims: Sequence[int], oracle: Oracle, k: int,
              generator: torch.Generator | None = None) -> torch.Tensor:
    """REINFORCE with a leave-one-out baseline over k sampled worlds per example.

    Args:
        probs: `[B, C, D]` choice probabilities.
        dims: the domain size of each call (`probs` is zero-padded past it).
        oracle: `(example, world) -> P(query | world)`.
        k: samples per example.
        generator: the random generator (seeded by the training loop).

    Returns:
        `[B]`: value the sample mean of `f`; gradient the RLOO estimate of `dP/dprobs`.
    """
    del dims
    worlds = sample_worlds(probs, k, generator)
    f = torch.tensor([[oracle(b, tuple(w)) for w in per.tolist()]
                      for b, per in enumerate(worlds)], dtype=probs.dtype)
    f = f.to(probs.device)
    logp = world_probs(probs, worlds.to(probs.device)).clamp_min(1e-30).log()
    mean = f.mean(1)
    if k > 1:
        surrogate = ((f - mean.unsqueeze(1)) * logp).sum(1) / (k - 1)
    else:
        surrogate = (f * logp).sum(1)
    return mean + surrogate - surrogate.detach()


def indecater(probs: torch.Tensor, dims: Sequence[int], oracle: Oracle, k: int,
              generator: torch.Generator | None = None) -> torch.Tensor:
    """IndeCateR over k sampled worlds per example: each call's every value in turn.

    Args:
        probs: `[B, C, D]` choice probabilities.
        dims: the domain size of each call (`probs` is zero-padded past it).
        oracle: `(example, world) -> P(query | world)`.
        k: samples per example (each costs one oracle call per call and value).
        generator: the random generator.

    Returns:
        `[B]`: value the Rao-Blackwellised mean; gradient the IndeCateR estimate of
        `dP/dprobs` (`sum_c sum_d dp_c(d) f(world with call c set to d)`).
    """
    worlds = sample_worlds(probs, k, generator).tolist()
    b, c, d = probs.shape
    f = torch.zeros(b, k, c, d, dtype=probs.dtype)
    for i in range(b):
        for s, world in enumerate(worlds[i]):
            for j in range(c):
                for v in range(dims[j]):
                    alt = tuple(world[:j]) + (v,) + tuple(world[j + 1:])
                    f[i, s, j, v] = oracle(i, alt)
    f = f.to(probs.device)
    per_call = (probs.unsqueeze(1) * f).sum(-1)  # [B, S, C]: each an estimate of P
    surrogate = per_call.sum(2).mean(1)
    value = per_call.detach().mean((1, 2))
    return value + surrogate - surrogate.detach()
