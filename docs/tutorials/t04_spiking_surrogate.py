"""Tutorial 4: a spiking network trained with surrogate gradients.

Run it with ``python docs/tutorials/t04_spiking_surrogate.py``. It builds a small network
of leaky integrate-and-fire (LIF) neurons from ``cortexlog.brain`` and trains it by
backpropagation through time on the bundled 8x8 digits (a few seconds on two cores).
"""

import torch
from torch import nn

from cortexlog.brain import ARCTAN, LIF, LIFParams, lif_step, poisson_encode
from cortexlog.data import load_digits_8x8

torch.manual_seed(0)
torch.set_num_threads(1)  # small tensors: extra threads would only wait on a busy machine

# --- 1. One neuron, one step at a time ------------------------------------------------------
# A neuron model is a parameter value plus a pure step function:
# lif_step(input, state, params) -> (spikes, new state). The input current charges the
# membrane potential v, which leaks back to rest; when v crosses v_th the neuron spikes
# and v drops by v_th ("subtract" reset).
params = LIFParams(tau_syn=5.0, tau_mem=10.0, v_th=1.0, reset="subtract", surrogate=ARCTAN)
state = None  # None: the resting state
trace = []
for t in range(30):
    current = torch.tensor([[0.4 if 5 <= t < 25 else 0.0]])  # [batch=1, neurons=1]
    spike, state = lif_step(current, state, params)
    trace.append((int(spike.item()), round(float(state.v.item()), 2)))
print("1. one LIF neuron, input on for t = 5..24:")
print("   spikes:", "".join("|" if z else "." for z, _ in trace))
print("   v(t):  ", [v for _, v in trace[:12]], "...")

# --- 2. The surrogate gradient ---------------------------------------------------------------
# A spike is a step function H(v - v_th): its derivative is zero almost everywhere, so
# backpropagation would learn nothing. In the backward pass a smooth surrogate derivative
# replaces it (here arctan's; FAST_SIGMOID is the default, TRIANGLE another).
x = torch.tensor([-1.0, -0.25, 0.0, 0.25, 1.0])
print("2. surrogate, v - v_th =", x.tolist())
print("   forward (spike):  ", ARCTAN.spike(x).tolist())
print("   backward (slope): ", [round(d, 3) for d in ARCTAN.derivative(x).tolist()])

# --- 3. Data: 8x8 digits as spike trains ------------------------------------------------------
# Each pixel intensity in [0, 1] becomes a Poisson spike train: at every one of STEPS
# time steps the pixel spikes with probability equal to its intensity.
train, test = load_digits_8x8("train"), load_digits_8x8("test")
STEPS = 12
generator = torch.Generator().manual_seed(0)


def encode(images: torch.Tensor) -> torch.Tensor:
    """[batch, 1, 8, 8] images -> [STEPS, batch, 64] spikes."""
    return poisson_encode(images.flatten(1), STEPS, generator=generator)


print(f"3. {len(train)} training / {len(test)} test digits; one encoded batch:",
      tuple(encode(train.images[:32]).shape), "(time, batch, pixels)")

# --- 4. The network --------------------------------------------------------------------------
# The LIF module loops lif_step over time ([T, batch, ...] in, spikes out) and starts from
# rest on every forward, so it drops into nn.Sequential. The readout is a linear layer whose
# output is averaged over time: the logits.
net = nn.Sequential(
    nn.Linear(64, 128),
    LIF(params, return_state=False),  # 128 spiking hidden neurons
    nn.Linear(128, 10),
)


def logits(images: torch.Tensor) -> torch.Tensor:
    """Time-averaged readout of the network for a batch of images."""
    return net(encode(images)).mean(0)


def accuracy(data) -> float:  # noqa: ANN001 (an MnistData split)
    with torch.no_grad():
        return (logits(data.images).argmax(1) == data.labels).float().mean().item()


# The gradient does reach the first layer, through the spikes:
loss = nn.functional.cross_entropy(logits(train.images[:32]), train.labels[:32])
loss.backward()
grad = net[0].weight.grad
print(f"4. gradient reaching the input layer through the spikes: |grad| = "
      f"{grad.norm():.4f} (nonzero: {bool(grad.abs().sum() > 0)})")
net.zero_grad()

# --- 5. Training: backpropagation through time -------------------------------------------
print(f"5. test accuracy before training: {accuracy(test):.3f}")
optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
for epoch in range(1, 9):
    order = torch.randperm(len(train))
    for start in range(0, len(train), 32):
        batch = order[start:start + 32]
        loss = nn.functional.cross_entropy(logits(train.images[batch]), train.labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"   epoch {epoch}: last batch loss {loss.item():.3f}, "
          f"test accuracy {accuracy(test):.3f}")

# --- 6. What the trained network does ----------------------------------------------------------
with torch.no_grad():
    hidden = net[1](net[0](encode(test.images[:100])))  # hidden spikes [T, 100, 128]
rate = hidden.mean().item()
print(f"6. hidden neurons spike on {100 * rate:.1f}% of (step, neuron) pairs")

final = accuracy(test)
print(f"tutorial 4 done: spiking test accuracy {final:.3f} (chance 0.1)")
# Next: cortexlog.brain.nets.SpikingDigitNet is a convolutional spiking digit network that
# can be the network of an nn(...) predicate (tutorial 2's mnist_net), and
# `cortexlog experiment --list` lists the spiking experiments.
