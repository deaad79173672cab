"""Standard networks: the DeepProbLog LeNet, a multi-input head, an MLP, and a
training-time random shift of images.

Networks return unnormalised scores (logits); the neural layer normalises them.
"""

from __future__ import annotations

import torch
from torch import nn


def lenet_encoder(image_size: int = 28) -> tuple[nn.Sequential, int]:
    """The convolutional part of LeNet, `Conv(1,6,5)-Pool-Conv(6,16,5)-Pool`.

    For small images (the 8x8 fallback digits) the kernels are 3x3 with padding 1.

    Args:
        image_size: the side of the square input images.

    Returns:
        The encoder and the size of its flattened output.

    >>> enc, n = lenet_encoder(28)
    >>> n, tuple(enc(torch.zeros(2, 1, 28, 28)).shape)
    (256, (2, 256))
    >>> lenet_encoder(8)[1]
    64
    """
    k, pad = (5, 0) if image_size >= 16 else (3, 1)
    enc = nn.Sequential(
        nn.Conv2d(1, 6, k, padding=pad), nn.MaxPool2d(2, 2), nn.ReLU(),
        nn.Conv2d(6, 16, k, padding=pad), nn.MaxPool2d(2, 2), nn.ReLU(),
        nn.Flatten(),
    )
    side = image_size
    for _ in range(2):
        side = (side - k + 1 + 2 * pad) // 2
    return enc, 16 * side * side


class RandomShift(nn.Module):
    """Translate each image by a random whole number of pixels, in training mode only.

    Each image of the batch gets its own offset in `[-pixels, pixels]` on both axes; the
    uncovered border is zero. In evaluation mode (and with `pixels=0`) it is the identity.
    It has no parameters, so it composes in `nn.Sequential` before any image network.

    Args:
        pixels: the largest offset.

    >>> x = torch.arange(16.).view(1, 1, 4, 4)
    >>> torch.equal(RandomShift(1).eval()(x), x)
    True
    >>> m = RandomShift(1).train()
    >>> y = m(x.expand(64, 1, 4, 4))
    >>> bool((y.sum((1, 2, 3)) <= x.sum()).all()), y.shape
    (True, torch.Size([64, 1, 4, 4]))
    """

    def __init__(self, pixels: int = 2) -> None:
        super().__init__()
        if pixels < 0:
            raise ValueError(f"RandomShift: pixels must be >= 0, got {pixels}")
        self.pixels = pixels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Shift images `[B, ..., H, W]` (any leading dimensions after the batch)."""
        k = self.pixels
        if not self.training or k == 0:
            return x
        b, h, w = x.shape[0], x.shape[-2], x.shape[-1]
        padded = nn.functional.pad(x, (k, k, k, k))
        off = torch.randint(0, 2 * k + 1, (2, b), device=x.device)
        rows = (torch.arange(h, device=x.device) + off[0][:, None])  # [B, H]
        cols = (torch.arange(w, device=x.device) + off[1][:, None])  # [B, W]
        lead = padded.reshape(b, -1, h + 2 * k, w + 2 * k)
        batch = torch.arange(b, device=x.device)[:, None, None, None]
        chan = torch.arange(lead.shape[1], device=x.device)[None, :, None, None]
        out = lead[batch, chan, rows[:, None, :, None], cols[:, None, None, :]]
        return out.reshape(x.shape)


class LeNet(nn.Module):
    """`Conv(1,6,5)-Pool-Conv(6,16,5)-Pool-FC120-FC84-FC(n_out)`, as in DeepProbLog.

    Args:
        n_out: number of classes.
        image_size: 28 for MNIST, 8 for the fallback digits.
        shift: translate training images by up to this many pixels (`RandomShift`;
            0: off). It has no parameters, so checkpoints do not depend on it.

    >>> LeNet()(torch.zeros(3, 1, 28, 28)).shape
    torch.Size([3, 10])
    """

    def __init__(self, n_out: int = 10, image_size: int = 28, shift: int = 0) -> None:
        super().__init__()
        self.shift = RandomShift(shift)
        self.encoder, n_feat = lenet_encoder(image_size)
        self.classifier = nn.Sequential(
            nn.Linear(n_feat, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, n_out),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map images [B, 1, H, W] to logits [B, n_out]."""
        return self.classifier(self.encoder(self.shift(x)))


class SumNet(nn.Module):
    """A head predicting a symbol of several images jointly (e.g. their sum).

    Each image goes through a shared LeNet encoder; the features are concatenated in
    argument order and classified by a two-layer MLP.

    Args:
        n_images: how many images the head reads.
        n_out: number of classes (19 sums for two digits, 199 for two 2-digit numbers).
        image_size: the image side.
        shift: translate training images by up to this many pixels (0: off).

    >>> SumNet(2, 19, 8)(torch.zeros(4, 1, 8, 8), torch.zeros(4, 1, 8, 8)).shape
    torch.Size([4, 19])
    """

    def __init__(self, n_images: int, n_out: int, image_size: int = 28, shift: int = 0) -> None:
        super().__init__()
        self.n_images = n_images
        self.shift = RandomShift(shift)
        self.encoder, n_feat = lenet_encoder(image_size)
        self.classifier = nn.Sequential(
            nn.Linear(n_images * n_feat, 128), nn.ReLU(), nn.Linear(128, n_out)
        )

    def forward(self, *images: torch.Tensor) -> torch.Tensor:
        """Map `n_images` tensors [B, 1, H, W] to logits [B, n_out]."""
        if len(images) != self.n_images:
            raise ValueError(f"SumNet expects {self.n_images} images, got {len(images)}")
        b = images[0].shape[0]
        feats = self.encoder(self.shift(torch.cat(images, dim=0)))  # one call for all images
        feats = feats.view(self.n_images, b, -1).transpose(0, 1).reshape(b, -1)
        return self.classifier(feats)


class MLP(nn.Module):
    """A two-layer perceptron over the concatenation of its flattened inputs.

    Args:
        n_in: total input features (all inputs flattened and concatenated).
        n_out: number of outputs.
        hidden: hidden width.

    >>> MLP(3, 2)(torch.zeros(4, 1), torch.zeros(4, 2)).shape
    torch.Size([4, 2])
    """

    def __init__(self, n_in: int, n_out: int, hidden: int = 64) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, n_out))

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        """Map inputs `[B, ...]` (any number) to `[B, n_out]`."""
        flat = [x.reshape(x.shape[0], -1).float() for x in inputs]
        return self.layers(torch.cat(flat, dim=1))


class AddChannel(nn.Module):
    """Give `[B, H, W]` images a channel dimension, `[B, 1, H, W]`, before `inner`.

    Args:
        inner: the module that reads channel-first images.
    """

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, *images: torch.Tensor) -> torch.Tensor:
        """Add the channel dimension to every input and call the inner module."""
        return self.inner(*[x.unsqueeze(1).float() for x in images])
