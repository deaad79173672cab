"""Download the MNIST IDX files from public mirrors, verifying each against its checksum.

The SHA-256 is that of the decompressed IDX bytes, so a mirror that recompresses the files
still verifies, and a truncated, corrupt or substituted file never reaches the cache.
"""

from __future__ import annotations

import gzip
import hashlib
import urllib.request
import zlib
from collections.abc import Sequence
from pathlib import Path

# SHA-256 of the decompressed IDX files (the label counts match the published MNIST).
SHA256: dict[str, str] = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}


def verify(stem: str, payload: bytes) -> bool:
    """Whether `payload` (the .gz file as downloaded) is the genuine MNIST file `stem`.

    Args:
        stem: the file name without `.gz`, e.g. `t10k-labels-idx1-ubyte`.
        payload: the downloaded bytes.

    Returns:
        True when it decompresses and its SHA-256 matches `SHA256[stem]`.

    >>> verify("t10k-labels-idx1-ubyte", gzip.compress(b"not mnist"))
    False
    """
    try:
        raw = gzip.decompress(payload)
    except (OSError, EOFError, zlib.error):
        return False
    return hashlib.sha256(raw).hexdigest() == SHA256.get(stem)


def fetch(dest: Path, stems: Sequence[str], mirrors: Sequence[str], timeout: float) -> str:
    """Download `stems` (as `.gz`) into `dest`, trying each mirror in turn.

    Args:
        dest: the directory (created if needed).
        stems: file names without `.gz`.
        mirrors: base URLs ending in `/`.
        timeout: seconds per request.

    Returns:
        The mirror that provided the files, or "" when every mirror failed (unreachable or
        a checksum mismatch); nothing unverified is left in `dest`.
    """
    for mirror in mirrors:
        try:
            dest.mkdir(parents=True, exist_ok=True)
            for stem in stems:
                target = dest / f"{stem}.gz"
                if target.is_file():
                    continue
                with urllib.request.urlopen(mirror + f"{stem}.gz", timeout=timeout) as r:
                    payload = r.read()
                if not verify(stem, payload):
                    raise OSError(f"{mirror}{stem}.gz: checksum mismatch")
                tmp = target.with_name(target.name + ".part")
                tmp.write_bytes(payload)
                tmp.replace(target)
            return mirror
        except (OSError, ValueError):  # unreachable, HTTP error, bad URL, bad checksum
            continue
    return ""
