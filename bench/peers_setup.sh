#!/usr/bin/env bash
# Create the bench-local virtual environments for the MNIST-addition peers.
#
# Idempotent: a venv whose import check already passes is left alone.
# Venvs live in $BENCH_VENVS (default: <repo>/.bench-venvs), which carries its own
# .gitignore ("*"), so nothing here is ever tracked by git.
#
#   deeplog      Python >= 3.12, torch (CPU use), pydeeplog 5 + mv-sdd (MV-SDD fast path)
#   deepproblog  Python 3.11, torch==2.13.0 (local CPU wheel), deepproblog 2.1
#
# Usage: bash bench/peers_setup.sh [deeplog|deepproblog|all]   (default: all)
# Env:   PY312 (python >= 3.12 interpreter), PY311, BENCH_VENVS,
#        DEEPLOG_TORCH (torch spec for the 3.12 venv, default torch==2.14.1)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENVS="${BENCH_VENVS:-$ROOT/.bench-venvs}"

find_python() {  # find_python <major.minor>: first interpreter of that version that runs
    local cand
    for cand in "python$1" "$HOME"/.pyenv/versions/"$1".*/bin/python /usr/bin/python"$1"; do
        if "$cand" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$1'.split('.'))))" \
            2>/dev/null; then
            command -v "$cand"; return 0
        fi
    done
    echo "python$1"
}
PY312="${PY312:-$(find_python 3.12)}"
PY311="${PY311:-$(find_python 3.11)}"
DEEPLOG_TORCH="${DEEPLOG_TORCH:-torch==2.14.1}"
WHAT="${1:-all}"

mkdir -p "$VENVS"
[ -f "$VENVS/.gitignore" ] || echo '*' > "$VENVS/.gitignore"

log() { echo "[peers_setup] $*" >&2; }

make_venv() {  # make_venv <python> <dir>
    if [ ! -x "$2/bin/python" ]; then
        log "creating $2 with $1"
        "$1" -m venv "$2" || return 1
        "$2/bin/python" -m pip install -q --upgrade pip wheel || return 1
    fi
}

report() {  # report <dir> <packages...>
    local venv="$1"; shift
    log "$(basename "$venv"): $("$venv/bin/python" --version 2>&1), size $(du -sh "$venv" | cut -f1)"
    "$venv/bin/python" -m pip list 2>/dev/null | grep -i -E "^($(IFS='|'; echo "$*")) " >&2
}

setup_deeplog() {
    local v="$VENVS/deeplog"
    local check='import torch, deeplog, pymvsdd; from deeplog.systems.deepproblog import solver'
    if [ -x "$v/bin/python" ] && "$v/bin/python" -c "$check" 2>/dev/null; then
        log "deeplog venv ok"; report "$v" torch pydeeplog mv-sdd klaycircuits pysdd numpy
        return 0
    fi
    make_venv "$PY312" "$v" || { log "FAILED: cannot create a venv with $PY312"; return 1; }
    # Torch first: PyPI only has CUDA builds for linux x86_64 Python 3.12; with torch==2.14.1
    # the nvidia-* wheels (py3-none) come from the machine's local index, only torch downloads.
    "$v/bin/python" -m pip install "$DEEPLOG_TORCH" || { log "FAILED: $DEEPLOG_TORCH"; return 1; }
    "$v/bin/python" -m pip install 'pydeeplog[mvsdd]==5.*' || { log "FAILED: pydeeplog"; return 1; }
    "$v/bin/python" -c "$check" || { log "FAILED: import check"; return 1; }
    report "$v" torch pydeeplog mv-sdd klaycircuits pysdd numpy
}

setup_deepproblog() {
    local v="$VENVS/deepproblog"
    local check='import torch, problog, pysdd, deepproblog.model, deepproblog.engines'
    if [ -x "$v/bin/python" ] && "$v/bin/python" -c "$check" 2>/dev/null; then
        log "deepproblog venv ok"; report "$v" torch deepproblog problog pysdd numpy
        return 0
    fi
    make_venv "$PY311" "$v" || { log "FAILED: cannot create a venv with $PY311"; return 1; }
    "$v/bin/python" -m pip install torch==2.13.0 || { log "FAILED: torch==2.13.0"; return 1; }
    # deepproblog 2.1 declares torchvision, but only its bundled examples import it; PyPI's
    # torchvision does not load beside the local CPU torch, so install the package without
    # dependencies and add the ones its engine needs.
    "$v/bin/python" -m pip install 'problog>=2.2' pysdd numpy Pillow || { log "FAILED: problog/pysdd/Pillow"; return 1; }
    "$v/bin/python" -m pip install --no-deps 'deepproblog==2.1.*' || { log "FAILED: deepproblog"; return 1; }
    "$v/bin/python" -c "$check" || { log "FAILED: import check"; return 1; }
    report "$v" torch deepproblog problog pysdd numpy
}

status=0
case "$WHAT" in
    deeplog) setup_deeplog || status=1 ;;
    deepproblog) setup_deepproblog || status=1 ;;
    all) setup_deeplog || status=1; setup_deepproblog || status=1 ;;
    *) echo "usage: $0 [deeplog|deepproblog|all]" >&2; exit 2 ;;
esac
exit "$status"
