"""One check for every numeric parameter, in the spirit of scikit-learn's ``check_scalar``.

The engine is called from the CLI, the dashboard and notebooks, so a bad
argument must read the same wherever it comes from: ``<name> must be a whole
number between 1 and 10, got 0``.  Hand-written checks had drifted into a
dozen wordings ("an integer from", "a non-negative integer", "a whole number
>= 1") and disagreed on whether ``True`` counts as 1.  Here:

* a bool is never a number (``True`` is an ``int`` to Python, not to a founder);
* a whole number is any ``numbers.Integral`` (numpy integers included), never
  a float that happens to be whole, so ``2.0`` waves is refused rather than guessed;
* a number is any ``numbers.Real`` that is finite: NaN and infinity are refused
  wherever a number is required, since no bound can be checked against them;
* text is refused, even "3": parsing belongs to the CLI and the URL reader.

The message is the same whether the type or the range is wrong, so a caller
learns the whole rule from one error.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Literal, overload

__all__ = ["check_scalar"]

Boundaries = Literal["both", "left", "right", "neither"]
_BOUNDARIES: tuple[str, ...] = ("both", "left", "right", "neither")


@overload
def check_scalar(
    x: object,
    name: str,
    target_type: type[int],
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_boundaries: Boundaries = "both",
    note: str | None = None,
) -> int: ...


@overload
def check_scalar(
    x: object,
    name: str,
    target_type: type[float],
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_boundaries: Boundaries = "both",
    note: str | None = None,
) -> float: ...


def check_scalar(
    x: object,
    name: str,
    target_type: type[int] | type[float],
    *,
    min_val: float | None = None,
    max_val: float | None = None,
    include_boundaries: Boundaries = "both",
    note: str | None = None,
) -> int | float:
    """Return `x` as a plain ``int`` (target_type ``int``) or ``float`` (``float``), or raise ValueError.

    `include_boundaries` says which of `min_val` / `max_val` are allowed
    values ("both", "left", "right", "neither"), as in scikit-learn.  `note`
    is added in parentheses after the rule, for advice a founder needs to
    pick a good value ("2-3 advised", "or None for no limit").
    """
    if target_type not in (int, float):
        raise TypeError(f"target_type must be int or float, got {target_type!r}")
    if include_boundaries not in _BOUNDARIES:
        raise TypeError(f"include_boundaries must be one of {', '.join(_BOUNDARIES)}, got {include_boundaries!r}")
    whole = target_type is int
    value = _as_number(x, whole)
    if value is not None and _in_range(value, min_val, max_val, include_boundaries):
        return value
    rule = _rule(whole, min_val, max_val, include_boundaries)
    raise ValueError(f"{name} must be {rule}{f' ({note})' if note else ''}, got {x!r}")


def _as_number(x: object, whole: bool) -> int | float | None:
    """`x` as a plain int / finite float, or None when it is not that kind of number at all.

    bool is refused first because it is an Integral to Python; numpy's bool_
    is neither Integral nor Real, so it falls out on its own.
    """
    if isinstance(x, bool):
        return None
    if whole:
        return int(x) if isinstance(x, Integral) else None
    if not isinstance(x, Real):
        return None
    number = float(x)
    return number if math.isfinite(number) else None


def _in_range(x: float, min_val: float | None, max_val: float | None, include: Boundaries) -> bool:
    """Bounds as `include` says; None means no bound on that side."""
    left_closed = include in ("both", "left")
    right_closed = include in ("both", "right")
    if min_val is not None and not (x >= min_val if left_closed else x > min_val):
        return False
    return max_val is None or (x <= max_val if right_closed else x < max_val)


def _rule(whole: bool, min_val: float | None, max_val: float | None, include: Boundaries) -> str:
    """The rule in words, e.g. 'a whole number between 1 and 200,000' or 'a positive number'."""
    kind = "whole number" if whole else "number"
    left_closed = include in ("both", "left")
    right_closed = include in ("both", "right")
    if min_val is not None and max_val is not None:
        if left_closed and right_closed:
            return f"a {kind} between {_show(min_val)} and {_show(max_val)}"
        lo = f"{'>=' if left_closed else '>'} {_show(min_val)}"
        return f"a {kind} {lo} and {'<=' if right_closed else '<'} {_show(max_val)}"
    if min_val is not None:
        if min_val == 0 and not left_closed:
            return f"a positive {kind}"
        return f"a {kind} {'>=' if left_closed else '>'} {_show(min_val)}"
    if max_val is not None:
        return f"a {kind} {'<=' if right_closed else '<'} {_show(max_val)}"
    return f"a {kind}" if whole else "a finite number"


def _show(bound: float) -> str:
    """Bounds as people write them: 200,000 and 0.5, not 200000 and 0.50000."""
    if float(bound).is_integer():
        return f"{int(bound):,}"
    return f"{bound:g}"
