"""Money: exact amounts and the one rounding rule, half-up to satang per bill line (§1.10).

Inside the engine amounts are exact rationals (`Fraction`, or integer micro-baht for values);
at the edges they are `Decimal`. Rounding happens only where a bill line is made.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

SATANG_PER_BAHT = 100
MICRO_PER_BAHT = 1_000_000
MICRO_PER_SATANG = MICRO_PER_BAHT // SATANG_PER_BAHT
_HALF = Fraction(1, 2)

Amount = Decimal | Fraction | int


def as_fraction(amount: Amount) -> Fraction:
    """Return an amount as an exact fraction of a baht."""
    return Fraction(amount)


def satang(amount: Amount) -> int:
    """Round an amount of baht half-up (away from zero at .5) to whole satang (§1.10)."""
    scaled = Fraction(amount) * SATANG_PER_BAHT
    magnitude = math.floor(abs(scaled) + _HALF)
    return magnitude if scaled >= 0 else -magnitude


def round_satang(amount: Amount) -> Decimal:
    """Round an amount half-up to satang, once per bill line (§1.10)."""
    return from_satang(satang(amount))


def from_satang(count: int) -> Decimal:
    """Return a whole number of satang as baht with two places."""
    return (Decimal(count) / SATANG_PER_BAHT).quantize(Decimal("0.01"))


def from_micro(count: int) -> Fraction:
    """Return a whole number of micro-baht as an exact fraction of a baht."""
    return Fraction(count, MICRO_PER_BAHT)


def to_micro(amount: Amount) -> int:
    """Return an amount that is a whole number of micro-baht as that integer, or raise."""
    scaled = Fraction(amount) * MICRO_PER_BAHT
    if scaled.denominator != 1:
        raise ValueError(f"{amount} is not a whole number of micro-baht")
    return scaled.numerator


def satang_from_float_micro(
    micro: npt.NDArray[np.float64], tolerance_micro: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Round float micro-baht half-up to satang; flag values too near a half to trust (§1.10).

    Floats carry a tiny error; a value within `tolerance_micro` of a half satang might round
    the other way exactly, so the caller recomputes those exactly.
    """
    in_satang = micro / MICRO_PER_SATANG
    rounded = np.floor(in_satang + 0.5)
    distance = np.abs(in_satang - np.floor(in_satang) - 0.5) * MICRO_PER_SATANG
    return rounded.astype(np.int64), distance <= tolerance_micro


def decimal_text(amount: Amount, *, places: int = 2) -> str:
    """Write an amount with at least `places` decimals, exactly when it terminates."""
    value = Fraction(amount)
    exact = _terminating(value)
    if exact is not None:
        text = f"{exact:f}"
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0").ljust(places, "0")
        return f"{whole}.{frac}" if frac else whole
    approx = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{approx.quantize(Decimal(1).scaleb(-max(places, 6)))}"


def baht_text(amount: Amount) -> str:
    """Write an amount of baht with thousands separators, exactly (e.g. "2,760,000.00")."""
    text = decimal_text(amount)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}"
    prefix = "" if _terminating(Fraction(amount)) is not None else "≈"
    return f"{prefix}{sign}{grouped}.{frac}" if frac else f"{prefix}{sign}{grouped}"


def percent_text(rate: Amount) -> str:
    """Write a percent without trailing zeros (e.g. "0.02", "42.5", "90")."""
    text = decimal_text(rate, places=0)
    return text.rstrip(".")


def _terminating(value: Fraction) -> Decimal | None:
    # A fraction terminates in base 10 exactly when its denominator has no prime but 2 and 5.
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    digits = max(twos, fives)
    scaled = value * 10**digits
    return Decimal(scaled.numerator).scaleb(-digits)
