"""Counter-based random numbers: a draw depends only on its key, never on call order."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

U64 = NDArray[np.uint64]
F64 = NDArray[np.float64]

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def _u64(value: int) -> np.uint64:
    return np.uint64(value & _MASK)


def mix(x: U64) -> U64:
    """Scramble 64-bit keys with the splitmix64 finaliser (array in, array out)."""
    # Arrays wrap silently on overflow, which is exactly the modular arithmetic wanted here.
    z = np.asarray(x, dtype=np.uint64) + _u64(_GOLDEN)
    z = (z ^ (z >> np.uint64(30))) * _u64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * _u64(0x94D049BB133111EB)
    return np.asarray(z ^ (z >> np.uint64(31)), dtype=np.uint64)


def keys_for(seed: int, ids: NDArray[np.integer]) -> U64:
    """Derive one key per id from a seed, so each item has its own random stream."""
    base = mix(np.array([seed & _MASK], dtype=np.uint64))[0]
    return mix(np.asarray(ids, dtype=np.uint64) ^ base)


def child_keys(parent: U64, ordinal: NDArray[np.integer]) -> U64:
    """Derive the key of the ordinal-th child of each parent key."""
    return mix(parent ^ mix(np.asarray(ordinal, dtype=np.uint64) + _u64(0xA5A5)))


def uniform(keys: U64, stream: int, counter: NDArray[np.integer] | None = None) -> F64:
    """Draw U[0, 1) per key for a named stream (and an optional per-key retry counter)."""
    salt = mix(np.array([stream], dtype=np.uint64))[0]
    h = keys ^ salt
    if counter is not None:
        h = h ^ mix(np.asarray(counter, dtype=np.uint64))
    bits = mix(h) >> np.uint64(11)
    return np.asarray(bits, dtype=np.float64) * (1.0 / 9007199254740992.0)


def normal(keys: U64, stream: int, counter: NDArray[np.integer] | None = None) -> F64:
    """Draw N(0, 1) per key by the Box-Muller transform of two uniform streams."""
    u1 = 1.0 - uniform(keys, stream, counter)  # (0, 1]: log is finite
    u2 = uniform(keys, stream + 7919, counter)
    return np.asarray(np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2), dtype=np.float64)
