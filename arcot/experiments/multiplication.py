"""The paper's multiplication data: its chain of thought, its control, its split.

The format is the one the paper's released code writes (repository
``emalach/LinearLM``, ``torch_datasets/product.py``, read from it; no code
taken), for ``d``-digit by ``d``-digit products, whitespace-free tokens:

1. the prompt ``[BOS] a_{d-1} .. a_0 x b_{d-1} .. b_0 =`` (digits most
   significant first);
2. both factors expanded by place value, least significant digit first, each
   power of ten spelled digit by digit:
   ``( a_0 x 1 + a_1 x 1 0 + ... ) x ( b_0 x 1 + ... ) =``;
3. every digit pair (the digits of ``a`` outer, both least significant
   first) as ``a_i x b_j`` written as ONE joint token (``"7x6"``), then the
   two powers of ten: ``7x6 x 1 x 1 + 7x8 x 1 x 1 0 + ... =``;
4. the ``d**2`` partial products ``a_i b_j 10^(i+j)``, each zero-padded to
   ``i + j + 2`` digits (the code pads to ``len(str(10**(i+j))) + 1``),
   joined by ``+``, then ``=``;
5. the product, zero-padded to ``len(str((max - min)**2))`` digits (``2d``
   for every ``d``), most significant first: the answer.

The direct-answer control (``format="no_cot"``) is the prompt followed by the
padded product. Numbers are drawn from ``[min, max) = [11..1, 10**d)``
(``d`` ones: 1111 to 9999 at four digits, as the paper's configuration
``min_num = 1111, max_num = 10000``), so every factor has exactly ``d``
digits and every sequence of one format has one length:
``2d**3 + 8d**2 + 11d + 7`` with the CoT (77, 166, 307 tokens at 2, 3, 4
digits), ``4d + 3`` without. (At one digit, a size the paper does not use,
its code counts the digits of ``n`` as ``ceil(log10(n))``, none for
``n = 1``; here every factor writes its ``d`` digits.)

The paper's train/test split of the ordered pairs is a fixed hash: with
``count = (max - min)**2`` and ``index = (a - min) + (max - min)(b - min)``,
a pair trains iff ``index * 277149838960172320159769184791 mod count >
count // 4`` (75/25). At two digits the hash is a permutation of the indices
(so exactly 5,940 of the 7,921 pairs train) but a structured one: it is
affine in ``(a, b)`` modulo ``89**2``, and it sorts pairs by their units
digits: 50 of the 100 units-digit pairs ``(a_0, b_0)`` never reach the test
side, and some others train on under 3% of theirs (:func:`units_balance`
measures it). The test pairs then differ in distribution from the training
pairs in exactly the tokens the CoT starts from. ``rule="random"`` is the
balanced alternative: a seeded keyed hash (splitmix64 of the index and the
seed) sends each pair to training with probability 3/4, independently of its
digits. At three digits the paper's hash is balanced (every units-digit pair
trains 74.97-75.05% of its pairs).

>>> " ".join(cot_tokens(47, 86, 2))  # doctest: +NORMALIZE_WHITESPACE
'[BOS] 4 7 x 8 6 = ( 7 x 1 + 4 x 1 0 ) x ( 6 x 1 + 8 x 1 0 ) =
 7x6 x 1 x 1 + 7x8 x 1 x 1 0 + 4x6 x 1 0 x 1 + 4x8 x 1 0 x 1 0 =
 4 2 + 5 6 0 + 2 4 0 + 3 2 0 0 = 4 0 4 2'
>>> " ".join(direct_tokens(47, 86, 2))
'[BOS] 4 7 x 8 6 = 4 0 4 2'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from arcot.errors import EncodingError, SizeLimitExceeded
from arcot.experiments.sequences import SequenceData

__all__ = [
    "FORMATS",
    "SPLIT_RULES",
    "VOCABULARY",
    "cot_tokens",
    "direct_tokens",
    "is_train",
    "multiplication_data",
    "number_range",
    "pair_count",
    "sample_pairs",
    "segments",
    "sequence_length",
    "split",
    "units_balance",
]

#: Every token, in the paper's order: ids 0-16 the specials, digits and signs,
#: 17 + 10 i + j the joint token ``"ixj"``.
VOCABULARY: tuple[str, ...] = (
    "[UNK]", "[BOS]", *(str(k) for k in range(10)), "(", ")", "+", "x", "=",
    *(f"{i}x{j}" for i, j in itertools.product(range(10), repeat=2)),
)
_ID = {token: k for k, token in enumerate(VOCABULARY)}
_DIGIT0 = _ID["0"]
_JOINT0 = _ID["0x0"]

FORMATS = ("cot", "no_cot")
SPLIT_RULES = ("paper", "random")
Format = Literal["cot", "no_cot"]

#: The paper's split constant (``PRIME`` in its ``product.py``).
_PRIME = 277149838960172320159769184791
#: Above this many ordered pairs :func:`split` refuses to list them all
#: (160 MB of int64 pairs); :func:`sample_pairs` draws from any size.
ENUMERATE_LIMIT = 10_000_000
#: The most token bytes :func:`multiplication_data` builds (4 GiB).
TOKEN_BYTES_LIMIT = 4 << 30


def _check_digits(digits: object) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int | np.integer):
        raise EncodingError(f"digits must be an integer >= 1, got {digits!r}")
    if digits < 1:
        raise EncodingError(f"digits must be >= 1, got {digits}")
    if digits > 9:
        # 18-digit products stay inside int64 (the vectorized builder's type).
        raise EncodingError(f"digits must be <= 9 (int64 products), got {digits}")
    return int(digits)


def number_range(digits: int) -> tuple[int, int]:
    """``(min, max)``: the factors of ``digits`` digits are ``min <= n < max``.

    ``min`` is ``digits`` ones (the paper's 1111 at four digits), ``max`` is
    ``10**digits``.

    >>> number_range(4)
    (1111, 10000)
    """
    d = _check_digits(digits)
    return int("1" * d), 10**d


def pair_count(digits: int) -> int:
    """How many ordered pairs of factors there are: ``(max - min)**2``.

    >>> pair_count(2), pair_count(3)
    (7921, 790321)
    """
    low, high = number_range(digits)
    return (high - low) ** 2


def _product_width(digits: int) -> int:
    low, high = number_range(digits)
    return len(str((high - low) ** 2))  # as the paper's code pads


def _check_number(n: object, digits: int, name: str) -> int:
    low, high = number_range(digits)
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise EncodingError(f"{name} must be an integer, got {n!r}")
    if not low <= n < high:
        raise EncodingError(
            f"{name} = {n} is outside the {digits}-digit range [{low}, {high})"
        )
    return int(n)


def _join(parts: Iterable[list[str]], sign: str) -> list[str]:
    out: list[str] = []
    for k, part in enumerate(parts):
        if k:
            out.append(sign)
        out.extend(part)
    return out


def _prompt(a: int, b: int) -> list[str]:
    return ["[BOS]", *str(a), "x", *str(b), "="]


def cot_tokens(a: int, b: int, digits: int) -> list[str]:
    """The paper's chain of thought for ``a x b``, prompt to answer.

    Written term by term from the format's description (the reference the
    vectorized :func:`multiplication_data` is tested against).

    >>> tokens = cot_tokens(47, 86, 2)
    >>> len(tokens), tokens[-4:]
    (77, ['4', '0', '4', '2'])
    """
    d = _check_digits(digits)
    a = _check_number(a, d, "a")
    b = _check_number(b, d, "b")
    places_a = [(a // 10**i) % 10 for i in range(d)]  # least significant first
    places_b = [(b // 10**j) % 10 for j in range(d)]

    def expansion(places: list[int]) -> list[str]:
        terms = [[str(v), "x", *str(10**i)] for i, v in enumerate(places)]
        return ["(", *_join(terms, "+"), ")"]

    pairs = list(itertools.product(enumerate(places_a), enumerate(places_b)))
    multiples = [[f"{x}x{y}", "x", *str(10**i), "x", *str(10**j)]
                 for (i, x), (j, y) in pairs]
    partials = [list(str(x * y * 10 ** (i + j)).zfill(i + j + 2))
                for (i, x), (j, y) in pairs]
    return [
        *_prompt(a, b),
        *expansion(places_a), "x", *expansion(places_b), "=",
        *_join(multiples, "+"), "=",
        *_join(partials, "+"), "=",
        *str(a * b).zfill(_product_width(d)),
    ]


def direct_tokens(a: int, b: int, digits: int) -> list[str]:
    """The no-CoT control: the prompt, then the padded product.

    >>> direct_tokens(12, 34, 2)
    ['[BOS]', '1', '2', 'x', '3', '4', '=', '0', '4', '0', '8']
    """
    d = _check_digits(digits)
    a = _check_number(a, d, "a")
    b = _check_number(b, d, "b")
    return [*_prompt(a, b), *str(a * b).zfill(_product_width(d))]


# A cell of the vectorized layout: a literal token, or how to compute one.
_Cell = str | tuple[str, int] | tuple[str, int, int]


def _layout(digits: int, fmt: str) -> tuple[list[_Cell], dict[str, slice]]:
    """Every position's cell and the format's named segments.

    A cell is a literal token, or ``("a", i)`` / ``("b", j)`` (the factor's
    digit at place ``i`` / ``j``), ``("joint", i, j)`` (the token
    ``"a_i x b_j"``), ``("pp_tens", i, j)`` / ``("pp_units", i, j)`` (the
    two leading digits of the partial product ``a_i b_j 10^(i+j)``: its
    other ``i + j`` digits are always zeros), ``("prod", p)`` (the product's
    digit at place ``p``).
    """
    d = digits
    cells: list[_Cell] = []
    marks: dict[str, slice] = {}

    def segment(name: str, part: Sequence[_Cell]) -> None:
        marks[name] = slice(len(cells), len(cells) + len(part))
        cells.extend(part)

    segment("prompt", ["[BOS]", *(("a", d - 1 - k) for k in range(d)), "x",
                       *(("b", d - 1 - k) for k in range(d)), "="])
    if fmt == "cot":
        def expansion(factor: str) -> list[_Cell]:
            terms: list[list[_Cell]] = [[(factor, i), "x", *str(10**i)]
                                        for i in range(d)]
            return ["(", *_join(terms, "+"), ")"]  # type: ignore[arg-type]

        pairs = list(itertools.product(range(d), repeat=2))
        multiples: list[list[_Cell]] = [
            [("joint", i, j), "x", *str(10**i), "x", *str(10**j)] for i, j in pairs]
        partials: list[list[_Cell]] = [
            [("pp_tens", i, j), ("pp_units", i, j), *("0" * (i + j))] for i, j in pairs]
        segment("expansion", [*expansion("a"), "x", *expansion("b"), "="])
        segment("multiples", [*_join(multiples, "+"), "="])  # type: ignore[arg-type]
        segment("partial_products", [*_join(partials, "+"), "="])  # type: ignore[arg-type]
    width = _product_width(d)
    segment("product", [("prod", width - 1 - k) for k in range(width)])
    return cells, marks


def _check_format(fmt: object) -> str:
    if fmt not in FORMATS:
        raise EncodingError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return str(fmt)


def sequence_length(digits: int, format: Format = "cot") -> int:
    """``T``, the tokens of every sequence: ``2d**3 + 8d**2 + 11d + 7`` with
    the CoT, ``4d + 3`` without.

    >>> [sequence_length(d) for d in (2, 3, 4)], sequence_length(3, "no_cot")
    ([77, 166, 307], 15)
    """
    d = _check_digits(digits)
    return len(_layout(d, _check_format(format))[0])


def segments(digits: int, format: Format = "cot") -> dict[str, slice]:
    """The named parts of a sequence, as position slices: ``prompt`` and
    ``product`` (the answer), and with the CoT ``expansion``, ``multiples``
    and ``partial_products`` (each with its closing ``=``).

    >>> segments(2)["partial_products"], segments(2, "no_cot")["product"]
    (slice(57, 73, None), slice(7, 11, None))
    """
    d = _check_digits(digits)
    return _layout(d, _check_format(format))[1]


def _pairs_array(pairs: object, digits: int) -> np.ndarray:
    """``pairs`` as an ``(n, 2)`` int64 array, every factor in range."""
    try:
        array = np.asarray(pairs)
    except (TypeError, ValueError) as exc:
        raise EncodingError(
            f"pairs must be an (n, 2) array of integers: {exc}") from None
    if array.size == 0:
        array = array.reshape(0, 2)
    if array.ndim != 2 or array.shape[1] != 2 or array.dtype.kind not in "iu":
        raise EncodingError(
            f"pairs must be an (n, 2) array of integers, got shape {array.shape} "
            f"and dtype {array.dtype}"
        )
    array = array.astype(np.int64)
    low, high = number_range(digits)
    bad = (array < low) | (array >= high)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise EncodingError(
            f"pair {row}: {'ab'[col]} = {array[row, col]} is outside the "
            f"{digits}-digit range [{low}, {high})"
        )
    return array


def multiplication_data(
    pairs: object, digits: int, format: Format = "cot"
) -> SequenceData:
    """The sequences of ``pairs`` (an ``(n, 2)`` array of ``(a, b)``).

    Token ids index :data:`VOCABULARY` (``uint8``: 117 tokens); the prompt is
    ``[BOS] a x b =``, the answer the padded product's positions. Built
    position by position over all pairs at once; equal, pair by pair, to
    :func:`cot_tokens` / :func:`direct_tokens`.

    >>> data = multiplication_data([[47, 86]], 2)
    >>> data.length, data.prompt, data.answer
    (77, 7, slice(73, 77, None))
    >>> data.text(0).split("=")[-1]
    ' 4 0 4 2'
    >>> multiplication_data([[47, 100]], 2)
    Traceback (most recent call last):
    ...
    arcot.errors.EncodingError: pair 0: b = 100 is outside the 2-digit range [11, 100)
    """
    d = _check_digits(digits)
    fmt = _check_format(format)
    array = _pairs_array(pairs, d)
    cells, marks = _layout(d, fmt)
    n, length = len(array), len(cells)
    if n * length > TOKEN_BYTES_LIMIT:
        raise SizeLimitExceeded(
            f"{n:,} sequences of {length} tokens need {n * length / 2**30:.1f} GiB, "
            f"over the {TOKEN_BYTES_LIMIT / 2**30:.0f} GiB limit: use fewer pairs"
        )
    a, b = array[:, 0], array[:, 1]
    product = a * b
    tokens = np.empty((n, length), dtype=np.uint8)

    def place(values: np.ndarray, p: int) -> np.ndarray:
        return (values // 10**p) % 10  # type: ignore[no-any-return]

    for pos, cell in enumerate(cells):
        if isinstance(cell, str):
            tokens[:, pos] = _ID[cell]
            continue
        kind = cell[0]
        if kind == "a":
            tokens[:, pos] = _DIGIT0 + place(a, cell[1])
        elif kind == "b":
            tokens[:, pos] = _DIGIT0 + place(b, cell[1])
        elif kind == "prod":
            tokens[:, pos] = _DIGIT0 + place(product, cell[1])
        else:
            i, j = cell[1], cell[2]  # type: ignore[misc]
            x, y = place(a, i), place(b, j)
            if kind == "joint":
                tokens[:, pos] = _JOINT0 + 10 * x + y
            elif kind == "pp_tens":
                tokens[:, pos] = _DIGIT0 + (x * y) // 10
            else:  # pp_units
                tokens[:, pos] = _DIGIT0 + (x * y) % 10
    return SequenceData(tokens=tokens, prompt=marks["prompt"].stop,
                        vocabulary=VOCABULARY, answer=marks["product"])


# -- the split -------------------------------------------------------------------

def _check_rule(rule: object) -> str:
    if rule not in SPLIT_RULES:
        raise EncodingError(
            f"rule must be one of {', '.join(SPLIT_RULES)}, got {rule!r}")
    return str(rule)


def _mulmod(x: np.ndarray, m: int, count: int) -> np.ndarray:
    """``x * m mod count`` exactly for int64 ``0 <= x < count``, ``0 <= m <
    count``, with no int64 overflow: ``m`` is split into 16-bit limbs, and
    every partial ``x * limb`` stays below ``count * 2**16``."""
    result = np.zeros_like(x)
    shift = np.int64(1 << 16)
    limbs = []
    while True:
        limbs.append(m & 0xFFFF)
        m >>= 16
        if not m:
            break
    for limb in reversed(limbs):  # Horner: result = result * 2^16 + x * limb
        result = (result * shift) % count
        result = (result + (x * np.int64(limb)) % count) % count
    return result


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer on uint64 (wrapping arithmetic, on arrays)."""
    z = x + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise EncodingError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


def _train_mask(index: np.ndarray, digits: int, rule: str, seed: int) -> np.ndarray:
    count = pair_count(digits)
    if rule == "paper":
        # Exact while count * 2**16 < 2**63 (digits <= 7); callers stop at 6.
        return _mulmod(index, _PRIME % count, count) > count // 4
    key = _splitmix64(np.atleast_1d(np.uint64(seed)))[0]
    hashed = _splitmix64(index.astype(np.uint64) ^ key)
    return hashed >= np.uint64(1 << 62)  # 3/4 of 2^64


def is_train(
    pairs: object, digits: int, rule: str = "paper", *, seed: int = 0
) -> np.ndarray:
    """Which of ``pairs`` (``(n, 2)``) are training pairs under ``rule``.

    ``"paper"``: the paper's fixed hash (``seed`` unused); ``"random"``: a
    seeded keyed hash, each pair training with probability 3/4 independently
    of its digits.

    >>> is_train([[47, 86], [11, 11], [14, 11]], 2).tolist()
    [True, False, True]
    """
    d = _check_digits(digits)
    rule = _check_rule(rule)
    seed = _check_seed(seed)
    if d > 6:
        raise EncodingError(f"the split is computed for digits <= 6, got {d}")
    array = _pairs_array(pairs, d)
    low, high = number_range(d)
    index = (array[:, 0] - low) + (high - low) * (array[:, 1] - low)
    return _train_mask(index, d, rule, seed)


def _index_pairs(index: np.ndarray, digits: int) -> np.ndarray:
    low, high = number_range(digits)
    width = high - low
    return np.stack([low + index % width, low + index // width], axis=1)


def split(
    digits: int, rule: str = "paper", *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair, split 75/25: ``(train, test)``, each ``(n, 2)``
    int64 pairs ``(a, b)`` in the order of the paper's pair index.

    Refuses (:class:`~arcot.errors.SizeLimitExceeded`) above
    :data:`ENUMERATE_LIMIT` pairs (four digits: 79M); draw pairs there with
    :func:`sample_pairs`.

    >>> train, test = split(2)
    >>> len(train), len(test), train[0].tolist(), test[0].tolist()
    (5940, 1981, [14, 11], [11, 11])
    """
    d = _check_digits(digits)
    rule = _check_rule(rule)
    seed = _check_seed(seed)
    count = pair_count(d)
    if count > ENUMERATE_LIMIT:
        raise SizeLimitExceeded(
            f"{d} digits have {count:,} ordered pairs, over the "
            f"{ENUMERATE_LIMIT:,} that split lists: draw some with sample_pairs"
        )
    index = np.arange(count, dtype=np.int64)
    train = _train_mask(index, d, rule, seed)
    return _index_pairs(index[train], d), _index_pairs(index[~train], d)


def sample_pairs(
    digits: int,
    count: int,
    *,
    side: str = "train",
    rule: str = "paper",
    seed: int = 0,
) -> np.ndarray:
    """``count`` distinct pairs drawn uniformly from one side of the split.

    For sizes :func:`split` will not list (the paper's own data loader draws
    its pairs this way, with replacement). ``side`` is ``"train"`` or
    ``"test"``; the draw is seeded.

    >>> pairs = sample_pairs(4, 3, side="test", seed=1)
    >>> pairs.shape, is_train(pairs, 4).any()
    ((3, 2), np.False_)
    """
    d = _check_digits(digits)
    rule = _check_rule(rule)
    seed = _check_seed(seed)
    if side not in ("train", "test"):
        raise EncodingError(f"side must be 'train' or 'test', got {side!r}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise EncodingError(f"count must be an integer >= 0, got {count!r}")
    if d > 6:
        raise EncodingError(f"the split is computed for digits <= 6, got {d}")
    space = pair_count(d)
    if count > space // 5:  # test side holds ~space/4: keep rejection cheap
        raise EncodingError(
            f"count = {count:,} is over a fifth of the {space:,} pairs: use split")
    rng = np.random.default_rng(seed)
    chosen: list[np.ndarray] = []
    seen: set[int] = set()
    have = 0
    while have < count:
        index = rng.integers(0, space, size=max(2 * (count - have), 64))
        keep = _train_mask(index, d, rule, seed) == (side == "train")
        fresh: list[int] = []
        for k in index[keep].tolist():
            if k not in seen and have + len(fresh) < count:
                seen.add(k)
                fresh.append(k)
        have += len(fresh)
        chosen.append(np.array(fresh, dtype=np.int64))
    return _index_pairs(np.concatenate(chosen) if chosen else
                        np.zeros(0, np.int64), d)


def units_balance(digits: int, rule: str = "paper", *, seed: int = 0) -> np.ndarray:
    """The training fraction of each units-digit pair: ``[10, 10]``, entry
    ``[x, y]`` over the pairs with ``a mod 10 = x`` and ``b mod 10 = y``.

    A balanced split has every entry near 3/4; the paper's hash at two
    digits does not.

    >>> balance = units_balance(2)
    >>> int((balance == 1.0).sum()), round(float(balance.min()), 3)
    (50, 0.025)
    """
    train, test = split(digits, rule, seed=seed)
    counts = np.zeros((2, 10, 10), dtype=np.int64)
    for side, pairs in enumerate((train, test)):
        np.add.at(counts[side], (pairs[:, 0] % 10, pairs[:, 1] % 10), 1)
    return counts[0] / counts.sum(axis=0)  # type: ignore[no-any-return]
