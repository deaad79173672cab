"""The floor for ratios: plain supervised LeNet, one epoch over the 60,000 training digits.

Runs in any of the bench venvs (numpy + torch only), so `compare.py` can time it right
before and after a peer, in the same invocation, on the same (shared, noisy) machine.
Prints one JSON line like the peer runners.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import torch
from _common import LeNet, base_parser, digit_accuracy, load_split


def main() -> None:
    """Train the digit classifier on true digit labels for one epoch; print the JSON line."""
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--images", type=int, default=60000,
                        help="train on the first K shuffled images; epoch time extrapolated")
    args = parser.parse_args()
    if not args.data_dir:
        raise SystemExit("give the MNIST directory with --data-dir or CORTEXLOG_DATA")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images, labels = load_split(Path(args.data_dir), "train")
    test_images, test_labels = load_split(Path(args.data_dir), "test")
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(args.seed))
    order = order[: args.images]
    net = LeNet()
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    start = time.perf_counter()
    for lo in range(0, len(order), args.batch_size):
        rows = order[lo : lo + args.batch_size]
        p = net(images[rows]).gather(1, labels[rows].unsqueeze(1)).clamp_min(1e-12)
        loss = -torch.log(p).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    seconds = time.perf_counter() - start
    print(json.dumps({
        "system": "floor/supervised-lenet",
        "epoch_seconds": round(seconds * len(labels) / len(order), 3),
        "epoch_extrapolated": len(order) < len(labels),
        "train_seconds": round(seconds, 3),
        "digit_accuracy": digit_accuracy(net, test_images, test_labels),
        "examples": len(order),
        "batch_size": args.batch_size,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }), flush=True)


if __name__ == "__main__":
    main()
