#!/usr/bin/env bash
# Prepare the BindsNET sym-STDP peer for bench/sym_stdp_peer.py.
#
# The peer, khengyeww/sym-STDP, is not part of this repository: clone it yourself, then
#
#   bash bench/peers/sym_stdp_bindsnet_setup.sh CHECKOUT [MNIST_DIR]
#
# 1. creates <repo>/.bench-venvs/bindsnet (Python 3.11, torch==2.13.0 CPU first, then
#    bindsnet 0.3.4 and torchvision 0.28 without their pins: they declare torch>=2.14, pip
#    reports a conflict and leaves torch alone);
# 2. makes two edits in CHECKOUT so it runs with bindsnet 0.3.4 on a CPU torch:
#    - hao2019/__init__.py declares the torchvision::nms / qnms operator schemas (PyPI's
#      torchvision extension is built for the CUDA torch and does not load next to the CPU
#      one; `import bindsnet` imports torchvision, the peer never calls these operators);
#    - hao2019/spiking_neunet.py passes the teacher clamp as a bool mask (bindsnet 0.3
#      indexes with it; the Poisson encoder gives uint8);
# 3. writes MNIST_DIR's IDX files (default $CORTEXLOG_DATA) decompressed where the peer's
#    torchvision loader looks (data/MNIST/MNIST/raw, and the wrapper's folder name).
set -euo pipefail

die() { echo "error: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: $0 CHECKOUT [MNIST_DIR] (CHECKOUT: a clone of khengyeww/sym-STDP)"
[ -f "$1/main_snn.py" ] || die "$1: no main_snn.py there; clone khengyeww/sym-STDP first"
CHECKOUT="$(cd "$1" && pwd)"
MNIST="${2:-${CORTEXLOG_DATA:-}}"
[ -n "$MNIST" ] || die "give MNIST_DIR or set CORTEXLOG_DATA (the MNIST IDX .gz files)"
ls "$MNIST"/*-ubyte.gz > /dev/null 2>&1 || die "$MNIST: no MNIST *-ubyte.gz files there"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${BENCH_VENVS:-$ROOT/.bench-venvs}/bindsnet"

mkdir -p "$(dirname "$VENV")"
[ -f "$(dirname "$VENV")/.gitignore" ] || echo '*' > "$(dirname "$VENV")/.gitignore"
if [ ! -x "$VENV/bin/python" ]; then
    python3.11 -m venv "$VENV"
    "$VENV/bin/pip" install -q torch==2.13.0
    "$VENV/bin/pip" install -q --no-deps bindsnet==0.3.4 torchvision==0.28.0 || true
    "$VENV/bin/pip" install -q numpy scipy matplotlib pandas scikit-learn tqdm tensorboardX \
        opencv-python-headless gymnasium ale-py pillow imageio
fi

INIT="$CHECKOUT/hao2019/__init__.py"
if ! grep -q "torchvision::" "$INIT"; then
    cat >> "$INIT" <<'PY'
# cortexlog bench: let `import torchvision` succeed next to the CPU build of torch.
import torch

for _op in ("nms", "qnms"):
    try:
        torch.library.define(
            "torchvision::" + _op, "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor"
        )
    except RuntimeError:
        pass
PY
fi
sed -i 's/clamp = {"Z": sl_spike}/clamp = {"Z": sl_spike.bool()}/' \
    "$CHECKOUT/hao2019/spiking_neunet.py"

RAW="$CHECKOUT/data/MNIST/MNIST/raw"
mkdir -p "$RAW"
for f in "$MNIST"/*-ubyte.gz; do
    out="$RAW/$(basename "$f" .gz)"
    [ -f "$out" ] || gunzip -c "$f" > "$out"
done
[ -e "$CHECKOUT/data/MNIST/TorchvisionDatasetWrapper" ] \
    || ln -s MNIST "$CHECKOUT/data/MNIST/TorchvisionDatasetWrapper"
"$VENV/bin/python" -c "import sys; sys.path.insert(0, '$CHECKOUT'); import hao2019, bindsnet" \
    && echo "ready: $VENV/bin/python main_snn.py (in $CHECKOUT)"
