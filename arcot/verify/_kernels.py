"""numba kernel for exact margins on many windows: arrays in, arrays out.

Nothing here validates; :meth:`arcot.verify.windows._Decider.margins` is the
only caller and has checked that no score can leave int64. A predictor's
weights are integer numerators at one common denominator, in three slots;
slot ``k`` fires on the key ``window[first[k]] * size + window[second[k]]``
(``second[k] < 0``: the key is ``window[first[k]]`` alone), and key ``j``'s
weights are ``ys[offsets[j]:offsets[j + 1]]`` (token ids) and
``ws[...]`` (numerators).
"""

from __future__ import annotations

import numpy as np

from arcot._numba import njit


@njit
def _margins(
    windows: np.ndarray,  # [k, 3] int64 token ids
    expected: np.ndarray,  # [k] int64
    first: np.ndarray,  # [3] int64: the window cell of each slot's key
    second: np.ndarray,  # [3] int64: the second cell, -1 for one-cell keys
    offsets0: np.ndarray,
    ys0: np.ndarray,
    ws0: np.ndarray,
    offsets1: np.ndarray,
    ys1: np.ndarray,
    ws1: np.ndarray,
    offsets2: np.ndarray,
    ys2: np.ndarray,
    ws2: np.ndarray,
    size: int,
    margin: np.ndarray,  # [k] int64, filled in
    best: np.ndarray,  # [k] int64, filled in: the best other token
) -> None:
    scores = np.zeros(size, np.int64)
    stamp = np.zeros(size, np.int64)  # stamp[y] == i + 1: y touched on window i
    touched = np.empty(size, np.int64)
    for i in range(windows.shape[0]):
        mark = i + 1
        n = 0
        for k in range(3):
            if k == 0:
                offsets, ys, ws = offsets0, ys0, ws0
            elif k == 1:
                offsets, ys, ws = offsets1, ys1, ws1
            else:
                offsets, ys, ws = offsets2, ys2, ws2
            key = windows[i, first[k]]
            if second[k] >= 0:
                key = key * size + windows[i, second[k]]
            for j in range(offsets[key], offsets[key + 1]):
                y = ys[j]
                if stamp[y] != mark:
                    stamp[y] = mark
                    scores[y] = 0
                    touched[n] = y
                    n += 1
                scores[y] += ws[j]
        e = expected[i]
        have_other = False
        best_other = 0
        best_y = -1
        for t in range(n):
            y = touched[t]
            s = scores[y]
            if y != e and (not have_other or s > best_other
                           or (s == best_other and y < best_y)):
                have_other, best_other, best_y = True, s, y
        e_touched = stamp[e] == mark
        untouched = size - n - (0 if e_touched else 1)
        if untouched > 0 and (not have_other or best_other <= 0):
            y0 = 0
            while y0 == e or stamp[y0] == mark:
                y0 += 1
            if not have_other or best_other < 0 or y0 < best_y:
                best_other, best_y = 0, y0
        margin[i] = (scores[e] if e_touched else 0) - best_other
        best[i] = best_y


#: The low limb's bits in :func:`_wide_margins`: a numerator ``w`` is
#: ``hi * 2**LIMB + lo`` with ``0 <= lo < 2**LIMB``.
LIMB = 32
_MASK = (1 << LIMB) - 1


@njit
def _wide_margins(
    windows: np.ndarray,  # [k, 3] int64 token ids
    expected: np.ndarray,  # [k] int64
    first: np.ndarray,
    second: np.ndarray,
    offsets0: np.ndarray,
    ys0: np.ndarray,
    his0: np.ndarray,
    los0: np.ndarray,
    offsets1: np.ndarray,
    ys1: np.ndarray,
    his1: np.ndarray,
    los1: np.ndarray,
    offsets2: np.ndarray,
    ys2: np.ndarray,
    his2: np.ndarray,
    los2: np.ndarray,
    size: int,
    margin_hi: np.ndarray,  # [k] int64, filled in
    margin_lo: np.ndarray,  # [k] int64, filled in: 0 <= lo < 2**LIMB
    best: np.ndarray,  # [k] int64, filled in: the best other token
) -> None:
    """:func:`_margins` on numerators of two limbs (each weight ``hi`` and
    ``lo`` at one index), for numerators past int64: a score is a sum of at
    most three weights, its limbs summed apart and the carry moved up, so
    limbs compare as the numbers do. The caller keeps ``|hi|`` of every
    weight below ``2**59`` (no limb sum leaves int64)."""
    hi_of = np.zeros(size, np.int64)
    lo_of = np.zeros(size, np.int64)
    stamp = np.zeros(size, np.int64)  # stamp[y] == i + 1: y touched on window i
    touched = np.empty(size, np.int64)
    for i in range(windows.shape[0]):
        mark = i + 1
        n = 0
        for k in range(3):
            if k == 0:
                offsets, ys, his, los = offsets0, ys0, his0, los0
            elif k == 1:
                offsets, ys, his, los = offsets1, ys1, his1, los1
            else:
                offsets, ys, his, los = offsets2, ys2, his2, los2
            key = windows[i, first[k]]
            if second[k] >= 0:
                key = key * size + windows[i, second[k]]
            for j in range(offsets[key], offsets[key + 1]):
                y = ys[j]
                if stamp[y] != mark:
                    stamp[y] = mark
                    hi_of[y] = 0
                    lo_of[y] = 0
                    touched[n] = y
                    n += 1
                hi_of[y] += his[j]
                lo_of[y] += los[j]
        for t in range(n):  # carry: every lo back in 0 .. 2**LIMB - 1
            y = touched[t]
            hi_of[y] += lo_of[y] >> LIMB
            lo_of[y] &= _MASK
        e = expected[i]
        have_other = False
        other_hi = 0
        other_lo = 0
        best_y = -1
        for t in range(n):
            y = touched[t]
            h = hi_of[y]
            lo = lo_of[y]
            if y != e and (not have_other or h > other_hi
                           or (h == other_hi and (lo > other_lo
                                                  or (lo == other_lo and y < best_y)))):
                have_other, other_hi, other_lo, best_y = True, h, lo, y
        e_touched = stamp[e] == mark
        untouched = size - n - (0 if e_touched else 1)
        if untouched > 0 and (not have_other or other_hi < 0
                              or (other_hi == 0 and other_lo == 0)):
            y0 = 0
            while y0 == e or stamp[y0] == mark:
                y0 += 1
            if not have_other or other_hi < 0 or y0 < best_y:
                other_hi, other_lo, best_y = 0, 0, y0
        e_hi = hi_of[e] if e_touched else 0
        e_lo = lo_of[e] if e_touched else 0
        d_lo = e_lo - other_lo  # in -(2**LIMB - 1) .. 2**LIMB - 1
        margin_hi[i] = e_hi - other_hi + (d_lo >> LIMB)
        margin_lo[i] = d_lo & _MASK
        best[i] = best_y
