"""Spiking digit classifiers usable as neural predicates (``nn(mnist_net, [X], Y, ...)``).

A :class:`SpikingDigitNet` maps images ``[B, 1, H, W]`` in [0, 1] to logits ``[B, 10]``
like any other digit network, so the logic core needs no special case: pass it as
``networks={"mnist_net": SpikingDigitNet()}`` or on the command line as
``--network mnist_net=cortexlog.brain.nets:SpikingDigitNet`` (a class is instantiated
with its defaults). Every forward starts from the resting state (no state between calls).

The architecture is the snn-mnist one (``cortexlog experiment snn-mnist``): direct
encoding, conv(stride 2)-BN-LIF, conv-BN-LIF-maxpool, linear-LIF, linear readout averaged
over time, with the fused LIF kernel (:func:`cortexlog.brain.fused.lif_sequence`).

The BatchNorm layers are :class:`WarmBatchNorm2d`: their running statistics are exact
averages over the first batches instead of an average biased toward the initial
``mean 0, var 1``. With plain BatchNorm2d (momentum 0.1) a short run (20 batches) kept
~12% of the initial variance 1 against a true ~0.02, so evaluation saw 8x too large a
variance, almost no spikes, and 8.75% test accuracy while the training loss fell
(``snn-mnist --train-size 2000``: 78.45% with WarmBatchNorm2d; batch statistics 78.8%).
"""

from __future__ import annotations

from torch import Tensor, nn

from cortexlog.brain.modules import LIF
from cortexlog.brain.neurons import LIFParams
from cortexlog.brain.surrogate import ARCTAN

# tau_syn = dt: the synaptic current is the input itself; tau_mem = 2 dt (k = 0.5)
DIGIT_LIF = LIFParams(tau_syn=1.0, tau_mem=2.0, v_th=1.0, surrogate=ARCTAN)


def pooled_side(image_size: int) -> int:
    """Side of the feature map after the stride-2 convolution and the 2x2 pooling.

    Args:
        image_size: input image side.

    Returns:
        the side of the pooled grid (at least 1).

    >>> pooled_side(28), pooled_side(8)
    (7, 2)
    """
    return max((image_size + 1) // 2 // 2, 1)


class WarmBatchNorm2d(nn.BatchNorm2d):
    """BatchNorm2d whose running statistics are unbiased from the first batch on.

    Training batch ``n`` (from 1) updates the running mean/variance with momentum
    ``max(momentum, 1/n)``: a plain cumulative average for the first ``1/momentum``
    batches (so one batch already gives that batch's statistics, not 10% of them plus 90%
    of the initial ``mean 0, var 1``), then the usual exponential average. The buffers and
    the eval-mode computation are those of BatchNorm2d (state dicts are interchangeable).

    Args:
        num_features: channels.
        momentum: the long-run exponential-average momentum.

    >>> import torch
    >>> bn = WarmBatchNorm2d(1)
    >>> _ = bn(torch.tensor([1.0, 3.0]).view(2, 1, 1, 1))
    >>> bn.running_mean.item(), bn.running_var.item()
    (2.0, 2.0)
    """

    def __init__(self, num_features: int, momentum: float = 0.1) -> None:
        super().__init__(num_features, momentum=momentum)
        self.long_run_momentum = momentum

    def forward(self, x: Tensor) -> Tensor:
        """Batch-normalise ``x`` (``[B, C, H, W]``), updating the running statistics.

        Args:
            x: input.

        Returns:
            the normalised input.
        """
        if self.training and self.num_batches_tracked is not None:
            n = int(self.num_batches_tracked) + 1
            self.momentum = max(self.long_run_momentum, 1.0 / n)
        return super().forward(x)


class SpikingDigitNet(nn.Module):
    """Convolutional spiking digit classifier, ``forward(images [B, 1, H, W]) -> logits``.

    Layers: conv5x5/2(c1)-BN-LIF, conv3x3(c2)-BN-LIF, adaptive max-pool to a
    ``pooled_side(image_size)`` grid (a 2x2 max-pool at the configured size; other input
    sizes still work), fc(hidden)-LIF, fc(n_out). The image current enters the first LIF
    layer at every one of ``steps`` time steps; the logits are the time average of the
    last (non-spiking) layer. Gradients flow through the spikes by the arctan surrogate.

    In training mode BatchNorm uses batch statistics (as in any BN network); in eval
    mode each image's logits are independent of the rest of the batch, and the running
    statistics are right after any number of training batches (:class:`WarmBatchNorm2d`).

    Args:
        steps: simulation time steps per image (4-8 is plenty).
        image_size: image side (28 for MNIST, 8 for the scikit-learn digits).
        channels: channels of the two convolutions.
        hidden: spiking units of the hidden fully-connected layer.
        n_out: number of classes.

    >>> import torch
    >>> SpikingDigitNet(steps=2, image_size=8)(torch.rand(3, 1, 8, 8)).shape
    torch.Size([3, 10])
    """

    def __init__(
        self,
        steps: int = 4,
        image_size: int = 28,
        channels: tuple[int, int] = (32, 64),
        hidden: int = 256,
        n_out: int = 10,
    ) -> None:
        super().__init__()
        if steps < 1:
            raise ValueError(f"steps must be >= 1, got {steps}")
        c1, c2 = channels
        self.steps = steps
        self.image_size = image_size
        self.conv1 = nn.Sequential(
            nn.Conv2d(1, c1, 5, stride=2, padding=2, bias=False), WarmBatchNorm2d(c1)
        )
        self.conv2 = nn.Sequential(
            nn.Conv2d(c1, c2, 3, padding=1, bias=False), WarmBatchNorm2d(c2)
        )
        self.lif1, self.lif2, self.lif3 = LIF(DIGIT_LIF), LIF(DIGIT_LIF), LIF(DIGIT_LIF)
        side = pooled_side(image_size)
        self.pool = nn.AdaptiveMaxPool2d(side)
        self.fc1 = nn.Linear(c2 * side * side, hidden)
        self.fc2 = nn.Linear(hidden, n_out)

    def spikes(self, x: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """The spike trains of the three spiking layers (time-major).

        Args:
            x: images ``[B, 1, H, W]``.

        Returns:
            spikes ``[T, B, c1, h, w]``, ``[T, B, c2, h, w]`` and ``[T, B, hidden]``.
        """
        t, b = self.steps, x.shape[0]
        cur = self.conv1(x)
        z1, _ = self.lif1(cur.unsqueeze(0).expand(t, *cur.shape))
        z2, _ = self.lif2(self.conv2(z1.flatten(0, 1)).unflatten(0, (t, b)))
        pooled = self.pool(z2.flatten(0, 1)).flatten(1)
        z3, _ = self.lif3(self.fc1(pooled).unflatten(0, (t, b)))
        return z1, z2, z3

    def forward(self, x: Tensor) -> Tensor:
        """Logits for a batch of images.

        Args:
            x: images ``[B, 1, H, W]`` in [0, 1].

        Returns:
            logits ``[B, n_out]`` (time-averaged readout of the last layer).
        """
        if x.dim() != 4 or x.shape[1] != 1:
            raise ValueError(f"expected images [B, 1, H, W], got shape {tuple(x.shape)}")
        _, _, z3 = self.spikes(x)
        return self.fc2(z3).mean(0)
