"""Tutorial 5: spike-timing-dependent plasticity (STDP), by hand.

Run it with ``python docs/tutorials/t05_stdp.py``. STDP is a local learning rule: a
synapse gets stronger when its presynaptic neuron fires shortly *before* the postsynaptic
one (it helped cause the spike) and weaker when it fires shortly *after*. No gradients, no
labels: only spike times. ``cortexlog.brain`` writes the rules as pure functions that
return new weights and traces and never modify their inputs.
"""

import math

import torch

from cortexlog.brain import (
    LIFParams,
    STDPParams,
    lif_step,
    stdp_additive,
    stdp_multiplicative,
    zero_traces,
)

torch.manual_seed(0)
torch.set_num_threads(1)  # tiny tensors: one thread is fastest

# --- 1. The rule in numbers -------------------------------------------------------------------
# Pair-based STDP: a pre spike at t_pre and a post spike at t_post = t_pre + d change the
# weight by  +a_plus * exp(-d / tau_plus)   if d > 0 (pre before post: potentiation)
#            -a_minus * exp(d / tau_minus)  if d < 0 (post before pre: depression).
# It is computed online from two exponential traces: each spike bumps its trace by 1 and
# every trace decays by exp(-dt / tau) per step; a post spike reads the pre trace (LTP),
# a pre spike reads the post trace (LTD).
params = STDPParams(a_plus=0.01, a_minus=0.012, tau_plus=20.0, tau_minus=20.0,
                    w_min=0.0, w_max=1.0)

# --- 2. Three synapses onto one neuron -------------------------------------------------------
# Weights are [n_post, n_pre] (the layout of nn.Linear.weight); spikes are [batch, n].
# Synapse 0: pre fires at t=2, post at t=5 (pre 3 steps before post).
# Synapse 1: pre fires at t=8, 3 steps after that post spike.
# Synapse 2: pre never fires.
T = 12
pre_times = {0: [2], 1: [8], 2: []}
post_times = [5]
pre = torch.zeros(T, 1, 3)
post = torch.zeros(T, 1, 1)
for i, times in pre_times.items():
    for t in times:
        pre[t, 0, i] = 1.0
for t in post_times:
    post[t, 0, 0] = 1.0

w0 = torch.full((1, 3), 0.5)
w, traces = w0, zero_traces(pre[0], post[0])
for t in range(T):
    w, traces = stdp_additive(w, pre[t], post[t], traces, params)

dw = (w - w0)[0]
expected = [params.a_plus * math.exp(-3 / params.tau_plus),
            -params.a_minus * math.exp(-3 / params.tau_minus),
            0.0]
print("1. one pairing, weights start at 0.5:")
for i, (got, want) in enumerate(zip(dw.tolist(), expected, strict=True)):
    print(f"   synapse {i}: dw = {got:+.6f}   rule says {want:+.6f}")
    assert abs(got - want) < 1e-6
assert torch.equal(w0, torch.full((1, 3), 0.5))  # the rule never mutates its inputs
print("   (w0 is unchanged: the rule returned new weights)")

# --- 3. The STDP window --------------------------------------------------------------------------
# Sweep the delay d = t_post - t_pre for a single synapse: the classic window.
print("2. the STDP window, dw for one pair at delay d = t_post - t_pre:")
window = []
for d in [-20, -10, -5, -2, -1, 1, 2, 5, 10, 20]:
    t_pre, t_post = 25, 25 + d
    w1, tr = torch.full((1, 1), 0.5), zero_traces(torch.zeros(1, 1), torch.zeros(1, 1))
    for t in range(50):
        pre_t = torch.tensor([[float(t == t_pre)]])
        post_t = torch.tensor([[float(t == t_post)]])
        w1, tr = stdp_additive(w1, pre_t, post_t, tr, params)
    window.append(w1.item() - 0.5)
    bar = "+" * round(abs(window[-1]) * 1000) if d > 0 else "-" * round(abs(window[-1]) * 1000)
    print(f"   d = {d:+3d}: dw = {window[-1]:+.5f} {bar}")

# --- 4. Bounds: additive versus multiplicative ---------------------------------------------------
# Repeat the causal pairing 200 times. The additive rule walks to the bound w_max and is
# clipped there; the multiplicative rule scales LTP by (w_max - w) and LTD by (w - w_min),
# so the weight slows down as it approaches a bound.
def repeat_pairing(rule, n: int) -> float:
    w2 = torch.full((1, 1), 0.5)
    tr2 = zero_traces(torch.zeros(1, 1), torch.zeros(1, 1))
    one, none = torch.ones(1, 1), torch.zeros(1, 1)
    for _ in range(n):
        w2, tr2 = rule(w2, one, none, tr2, params)   # pre spike
        w2, tr2 = rule(w2, none, one, tr2, params)   # post spike one step later
        for _ in range(100):                         # a long pause: the traces decay
            w2, tr2 = rule(w2, none, none, tr2, params)
    return w2.item()


print("3. 200 causal pairings from w = 0.5:")
print(f"   additive:       w = {repeat_pairing(stdp_additive, 200):.4f}  (clipped at w_max)")
print(f"   multiplicative: w = {repeat_pairing(stdp_multiplicative, 200):.4f}  (soft bound)")

# --- 5. STDP in a tiny network: a neuron learns which inputs predict its spikes -------------
# 10 inputs feed one LIF neuron. Inputs 0-4 fire together in volleys (a pattern); inputs
# 5-9 fire at random, at about the same average rate. The volleys make the neuron spike a
# step later, so the pattern synapses see pre-before-post pairs and grow; the random ones
# see pairings in both orders and, as a_minus > a_plus, shrink.
lif = LIFParams(tau_syn=2.0, tau_mem=5.0, v_th=1.0)
GAIN = 3.0                                 # input current per unit weight
w = torch.full((1, 10), 0.5)
traces = zero_traces(torch.zeros(1, 10), torch.zeros(1, 1))
state = None
n_post = 0
generator = torch.Generator().manual_seed(0)
for t in range(3000):
    spikes_in = (torch.rand(1, 10, generator=generator) < 0.05).float()
    spikes_in[0, :5] = float(t % 20 == 0)  # the pattern: a volley every 20 steps
    current = GAIN * spikes_in @ w.T       # [1, 1]: weighted input
    spikes_out, state = lif_step(current, state, lif)
    n_post += int(spikes_out.sum())
    w, traces = stdp_additive(w, spikes_in, spikes_out, traces, params)

pattern, noise = w[0, :5].mean().item(), w[0, 5:].mean().item()
print(f"4. after 3000 steps ({n_post} output spikes), weights from 0.5:")
print("   pattern inputs 0-4:", [round(v, 2) for v in w[0, :5].tolist()])
print("   random inputs 5-9: ", [round(v, 2) for v in w[0, 5:].tolist()])
print(f"tutorial 5 done: pattern weight {pattern:.2f} > random weight {noise:.2f}")
