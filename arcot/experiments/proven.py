"""Multiplication, arcot's way: a Turing machine whose learned predictor is proven.

``zoo:multiply`` multiplies binary numbers (``a*b``, most significant bit
first, the product in ``|a| + |b|`` bits; 8 states and a halt state over 6
symbols). Its tableau CoT has an exact length law: the run on ``a*b`` with
``alpha = |a|`` and ``beta = |b|`` bits takes

    T = 2 alpha beta + beta^2 + 5 beta + 2 alpha + 4

steps over a window of ``W = alpha + beta + 3`` cells, whatever the bits
(:func:`cot_shape`), so ``T (W + 1)`` CoT tokens; the worst case over every
word of ``n`` symbols is ``n (n + 3)^2`` (``arcot length zoo:multiply``).
The shape follows from the prompt alone, so a predictor can write the CoT
without the simulator telling it how long it is.

A linear next-token predictor is learned by least squares on pairwise
features from the tableau traces of multiplications and from random
one-step configurations (the windows no run shows: the ``windows`` scope
checks those too), then verified exactly on every window
(:func:`arcot.verify.exact.verify_exact`). Its float weights approximate
rationals of one common denominator; read as those rationals (each within
``1e-12`` of its float, and with zero residual on every training window,
checked exactly) and multiplied by the denominator they are integers with
the same argmax as those rationals; verified on every window too, they are
what the certificate holds (:func:`multiply_certificate`) and the rollout
runs.

:func:`run_proven` is the results-table row: the length law, the fit, its
exact verification and certificate, and the certified predictor rolled out
from the prompt on held-out products, each step timed.

>>> cot_shape(2, 2), cot_tokens(3, 3)
((30, 7), 240)
>>> number_range(3)
(111, 1000)
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from arcot._progress import Progress
from arcot.construct import ExactWeights
from arcot.cot import HeadCell, Tableau, as_tableau, encode_tableau
from arcot.errors import LearningError
from arcot.learn import LinearPredictor, fit_linear_predictor, generate
from arcot.learn.data import (
    WindowData,
    configuration_windows,
    stream_windows,
    tableau_batch,
)
from arcot.learn.features import coord_column, feature_dimension, feature_index
from arcot.machine import run
from arcot.pipeline import as_predictor, exact_weights
from arcot.pipeline.tableau import default_train
from arcot.verify.certificate import Certificate, make_certificate
from arcot.verify.exact import verify_exact
from arcot.zoo import ZOO

__all__ = [
    "MACHINE",
    "MAX_DENOMINATOR",
    "check_machine",
    "cot_shape",
    "cot_tokens",
    "integer_weights",
    "length_summary",
    "multiply_certificate",
    "number_range",
    "product_word",
    "rollout_products",
    "run_proven",
    "training_windows",
]

#: The zoo entry this module is about.
MACHINE = "multiply"

#: The largest denominator :func:`integer_weights` reads a float weight as.
MAX_DENOMINATOR = 10**5

#: How far a float weight may lie from the rational it is read as. Most reals
#: lie about ``1 / (q MAX_DENOMINATOR)`` from the nearest fraction of
#: denominator ``q <= MAX_DENOMINATOR`` (Dirichlet), far more than this, so a
#: weight that passes is a rational of small denominator up to rounding.
_TOLERANCE = Fraction(1, 10**12)

#: Every step of a product of numbers of up to 4 decimal digits (14 bits)
#: fits with room to spare: T(14, 14) = 690.
_MAX_STEPS = 100_000


def _tableau() -> Tableau:
    return as_tableau(ZOO[MACHINE].machine)


def number_range(digits: int) -> tuple[int, int]:
    """The paper's ``[min, max)`` of ``digits``-digit numbers: ``[11..1, 10^d)``.

    >>> number_range(2), number_range(4)
    ((11, 100), (1111, 10000))
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise LearningError(f"digits must be an integer >= 1, got {digits!r}")
    return int("1" * digits), 10**digits


def product_word(a: int, b: int) -> str:
    """The machine's input for ``a * b``: both in binary, most significant bit first.

    >>> product_word(11, 6)
    '1011*110'
    """
    _check_factors(a, b)
    return f"{a:b}*{b:b}"


def _check_factors(a: object, b: object) -> None:
    for name, x in (("a", a), ("b", b)):
        if isinstance(x, bool) or not isinstance(x, int) or x < 0:
            raise LearningError(f"{name} must be an integer >= 0, got {x!r}")


def cot_shape(a_bits: int, b_bits: int) -> tuple[int, int]:
    """Steps ``T`` and window ``W`` of the run on ``a*b`` with factors of
    ``a_bits`` and ``b_bits`` bits (any bits: the law does not read them).

    The start pass and every round walk the a cells and the cells the
    shifts have added: round ``k`` of ``beta`` takes ``2 alpha + 2k + 3``
    steps, the start ``alpha + 1`` and the end ``alpha + beta + 3``; the
    head never leaves cells ``-1 .. alpha + beta + 1``.

    >>> cot_shape(0, 0), cot_shape(4, 3)
    ((4, 3), (60, 10))
    """
    for name, x in (("a_bits", a_bits), ("b_bits", b_bits)):
        if isinstance(x, bool) or not isinstance(x, int) or x < 0:
            raise LearningError(f"{name} must be an integer >= 0, got {x!r}")
    al, be = a_bits, b_bits
    return 2 * al * be + be * be + 5 * be + 2 * al + 4, al + be + 3


def cot_tokens(a: int, b: int) -> int:
    """Tableau CoT tokens of ``a * b`` (its own tableau): ``T (W + 1)``.

    >>> cot_tokens(99, 99)  # 7 bits by 7: 2 (m + 1)(m + 2)(3m + 4) at m = 7
    3600
    """
    _check_factors(a, b)
    steps, width = cot_shape(len(f"{a:b}"), len(f"{b:b}"))
    return steps * (width + 1)


def length_summary(digits: int) -> dict[str, Any]:
    """Tableau CoT tokens per product over every pair of ``digits``-digit
    numbers of the paper's range: the worst case and the exact mean.

    Derived from :func:`cot_shape` (which the tests hold equal to the
    machine's runs), by counting the numbers of each bit length, so even
    the 79 million pairs of 4 digits are all counted.

    >>> s = length_summary(2)
    >>> s["pairs"], s["worst"], s["mean_exact"]
    (7921, 3600, '20791176/7921')
    """
    lo, hi = number_range(digits)
    lengths: dict[int, int] = {}
    for bits in range(len(f"{lo:b}"), len(f"{hi - 1:b}") + 1):
        first, last = max(lo, 1 << (bits - 1)), min(hi - 1, (1 << bits) - 1)
        if first <= last:
            lengths[bits] = last - first + 1
    total, worst = 0, 0
    for (al, na), (be, nb) in itertools.product(lengths.items(), repeat=2):
        steps, width = cot_shape(al, be)
        tokens = steps * (width + 1)
        total += na * nb * tokens
        worst = max(worst, tokens)
    pairs = (hi - lo) ** 2
    mean = Fraction(total, pairs)
    return {"digits": digits, "range": [lo, hi], "pairs": pairs, "worst": worst,
            "mean": float(mean), "mean_exact": str(mean),
            "bits": {str(k): v for k, v in lengths.items()}}


def check_machine(max_bits: int) -> dict[str, Any]:
    """Run ``zoo:multiply`` on every pair of bit strings of at most
    ``max_bits`` bits each (leading zeros and empty factors included) and
    compare the tape with Python's product and the run's shape with
    :func:`cot_shape`; raises :class:`~arcot.errors.LearningError` at the
    first difference.

    >>> check_machine(2)["pairs"]
    49
    """
    if isinstance(max_bits, bool) or not isinstance(max_bits, int) or max_bits < 0:
        raise LearningError(f"max_bits must be an integer >= 0, got {max_bits!r}")
    entry = ZOO[MACHINE]
    strings = ["".join(p) for n in range(max_bits + 1)
               for p in itertools.product("01", repeat=n)]
    for a, b in itertools.product(strings, repeat=2):
        word = f"{a}*{b}"
        r = run(entry.machine, word, max_steps=_MAX_STEPS)
        assert entry.answer is not None
        product = int(a or "0", 2) * int(b or "0", 2)
        wanted = format(product, "b").zfill(len(a) + len(b)) if a or b else ""
        got = entry.answer(r)
        lo, hi = min(0, r.span[0]), max(r.span[1], len(word) - 1)
        if got != wanted or (r.steps, hi - lo + 1) != cot_shape(len(a), len(b)):
            raise LearningError(
                f"zoo:multiply on {word!r}: tape {got!r}, Python {wanted!r}; "
                f"shape {(r.steps, hi - lo + 1)}, law {cot_shape(len(a), len(b))}"
            )
    return {"pairs": len(strings) ** 2, "max_bits": max_bits}


def _draw_pairs(digits: int, count: int, rng: np.random.Generator,
                avoid: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """``count`` distinct pairs of the range (fewer where it has fewer), none
    of ``avoid``, drawn with ``rng``."""
    lo, hi = number_range(digits)
    skip = set(avoid)
    room = (hi - lo) ** 2 - len(skip)
    count = min(count, room)
    out: dict[tuple[int, int], None] = {}
    while len(out) < count:
        a, b = (int(x) for x in rng.integers(lo, hi, size=2))
        if (a, b) not in skip:
            out[a, b] = None
    return list(out)


def training_windows(
    products: Sequence[tuple[int, int]], configurations: int, *, seed: int = 0
) -> WindowData:
    """The tableau traces of ``products`` (one batch, padded to a common
    shape) and the windows of ``configurations`` random one-step
    configurations (:func:`arcot.learn.data.configuration_windows`), as one
    training set.

    >>> d = training_windows([(3, 5)], 100)
    >>> d.source
    'traces of 1 products + configurations:100'
    """
    tableau = _tableau()
    parts = []
    if products:
        words = [product_word(a, b) for a, b in products]
        batch = tableau_batch(tableau, words, max_steps=_MAX_STEPS)
        parts.append(stream_windows(batch.vocabulary, batch.streams,
                                    batch.window.width))
    if configurations:
        parts.append(configuration_windows(tableau, configurations, seed=seed))
    if not parts:
        raise LearningError("no training data: give products or configurations")
    return WindowData(
        vocabulary=tableau.vocabulary,
        windows=np.concatenate([p.windows for p in parts]),
        targets=np.concatenate([p.targets for p in parts]),
        positions=np.concatenate([p.positions for p in parts]),
        source=f"traces of {len(products)} products + configurations:{configurations}",
    )


def integer_weights(
    predictor: LinearPredictor, data: WindowData | None = None
) -> tuple[ExactWeights, int, float]:
    """The fit's weights as the rationals they approximate, times their
    common denominator: integer weights, the same argmax on every window.

    Each float weight is read as the nearest fraction of denominator at
    most :data:`MAX_DENOMINATOR` and must lie within ``1e-12`` of it. With
    ``data``, the rational weights must score every distinct training
    window exactly as its one-hot target (zero residual: an exact least
    squares solution), checked in integers. Returns the weights, the
    denominator and the largest distance of a float from its rational.
    Raises :class:`~arcot.errors.LearningError` where either check fails.
    """
    rational: dict[str, dict[Any, Fraction]] = {}
    worst = Fraction(0)
    for y, row in exact_weights(predictor).rows.items():
        for coord, w in row.items():
            f = w.limit_denominator(MAX_DENOMINATOR)
            if abs(w - f) > _TOLERANCE:
                raise LearningError(
                    f"weight {float(w)!r} of {y} at {coord} is no rational of "
                    f"denominator <= {MAX_DENOMINATOR} within 1e-12"
                )
            worst = max(worst, abs(w - f))
            rational.setdefault(y, {})[coord] = f
    den = math.lcm(*(f.denominator for row in rational.values() for f in row.values()))
    scaled = ExactWeights(kind=predictor.features, rows={
        y: {c: f * den for c, f in row.items()} for y, row in rational.items()
    })
    if data is not None:
        _zero_residual(scaled, den, data)
    return scaled, den, float(worst)


def _zero_residual(weights: ExactWeights, den: int, data: WindowData) -> None:
    """Every distinct training window scores ``den`` on its target, 0 elsewhere.

    The weights are integers of a few digits, so int64 sums are exact.
    """
    vocab = data.vocabulary
    v = len(vocab)
    names = {n: i for i, n in enumerate(vocab.names)}
    table = np.zeros((feature_dimension(weights.kind, v), v), dtype=np.int64)
    for y, row in weights.rows.items():
        for coord, w in row.items():
            if w.denominator != 1 or abs(w) > 1 << 40:
                raise LearningError(f"weight {w} of {y} at {coord} is no small integer")
            table[coord_column(weights.kind, vocab, coord), names[y]] = int(w)
    keys = np.unique(((data.windows[:, 0] * v + data.windows[:, 1]) * v
                      + data.windows[:, 2]) * v + data.targets)
    rest, target = np.divmod(keys, v)
    rest, right = np.divmod(rest, v)
    left, middle = np.divmod(rest, v)
    triples = zip(left.tolist(), middle.tolist(), right.tolist(), strict=True)
    cols = np.array([feature_index(weights.kind, v, lt, m, r) for lt, m, r in triples],
                    dtype=np.int64).reshape(-1, 3)
    scores = table[cols[:, 0]] + table[cols[:, 1]] + table[cols[:, 2]]
    wanted = np.zeros_like(scores)
    wanted[np.arange(len(keys)), target] = den
    bad = np.flatnonzero((scores != wanted).any(axis=1))
    if len(bad):
        i = int(bad[0])
        window = ", ".join(vocab.names[int(x[i])] for x in (left, middle, right))
        raise LearningError(
            f"the rational weights do not fit training window ({window}) "
            f"exactly: its target is {vocab.names[int(target[i])]}"
        )


def _fit(products: Sequence[tuple[int, int]], configurations: int,
         seed: int) -> tuple[WindowData, LinearPredictor]:
    data = training_windows(products, configurations, seed=seed)
    return data, fit_linear_predictor(data, features="pairwise")


#: The certificate's training data: the traces of these 3-digit products
#: (drawn once, seed 0) and the default number of configurations.
_CERTIFICATE_PRODUCTS = 64


def multiply_certificate(*, seed: int = 0) -> Certificate:
    """The certificate of proofs/valid/multiply-lstsq-pairwise.cert.json.

    Least squares on pairwise features, trained on the traces of 64 random
    3-digit products and the default configurations
    (:func:`arcot.pipeline.tableau.default_train`), read as integers
    (:func:`integer_weights`), certified on every window. The integers are
    an exact least-squares solution times its denominator; the solution the
    float fit approximates (the least-norm one of zero residual) depends on
    which windows the data show, not how often, so every draw that shows
    every window gives the same file (the tests hold another draw to it).
    """
    rng = np.random.default_rng(seed)
    products = _draw_pairs(3, _CERTIFICATE_PRODUCTS, rng)
    k = int(default_train(ZOO[MACHINE].machine).partition(":")[2])
    data, predictor = _fit(products, k, seed)
    weights, _, _ = integer_weights(predictor, data)
    return make_certificate(_tableau(), weights, features="pairwise")


def _prompt(tableau: Tableau, word: str, width: int) -> np.ndarray:
    """Row 0 of the tableau of ``word`` over cells ``-1 .. width - 2``."""
    machine = tableau.machine
    vocab = tableau.vocabulary
    cells: list[Any] = [machine.blank, *word]
    cells += [machine.blank] * (width - len(cells))
    cells[1] = HeadCell(machine.start, cells[1])
    return np.array([0, *(vocab.id(c) for c in cells)], dtype=np.int64)


def _symbols(tableau: Tableau, tokens: np.ndarray) -> list[str]:
    """The tape symbols a row's tokens show (a head shows its cell's symbol)."""
    out = []
    for token in tokens.tolist():
        t = tableau.vocabulary.token(token)
        out.append(str(t.symbol if isinstance(t, HeadCell) else t))
    return out


def rollout_products(
    predictor: LinearPredictor,
    pairs: Sequence[tuple[int, int]],
    *,
    compare_cot: bool = True,
    progress: bool | None = None,
) -> dict[str, Any]:
    """Roll ``predictor`` out from the prompt of every ``a*b`` and score the
    product it writes against Python's ``a * b``.

    The tableau's shape comes from the prompt (:func:`cot_shape` of the two
    bit lengths), never from a run; each token is the exact argmax
    (:func:`arcot.learn.generate`). ``exact_match``: the fraction of pairs
    whose last row holds exactly the ``|a| + |b|`` product bits on its
    tape; ``digit_accuracy``: the fraction of product bits right, cell by
    cell; ``cot_match`` (with ``compare_cot``): the fraction whose whole
    CoT equals the machine's (:func:`arcot.cot.encode_tableau`).
    """
    if not pairs:
        raise LearningError("no pairs to roll out")
    tableau = _tableau()
    exact = bits_right = bits = cot_same = 0
    tokens: list[int] = []
    bar = Progress(len(pairs), "rolling out products", progress, unit="pair")
    start = time.perf_counter()
    try:
        for a, b in pairs:
            word = product_word(a, b)
            al, be = len(f"{a:b}"), len(f"{b:b}")
            steps, width = cot_shape(al, be)
            prompt = _prompt(tableau, word, width)
            cot = generate(predictor, prompt, steps * (width + 1), width)
            tokens.append(len(cot))
            wanted = f"{a * b:b}".zfill(al + be)
            cells = _symbols(tableau, cot[-width:])  # the last row, cells -1..
            got = cells[1 : 1 + al + be]
            right = sum(g == w for g, w in zip(got, wanted, strict=True))
            tape = "".join(cells).strip(str(tableau.machine.blank))
            exact += tape == wanted
            bits_right += right
            bits += len(wanted)
            if compare_cot:
                expected = encode_tableau(tableau, word, max_steps=_MAX_STEPS)
                cot_same += (expected.width == width
                             and np.array_equal(expected.cot, cot))
            bar.step()
    finally:
        bar.close()
    seconds = time.perf_counter() - start
    out: dict[str, Any] = {
        "pairs": len(pairs),
        "exact_match": exact / len(pairs),
        "digit_accuracy": bits_right / bits,
        "tokens_mean": sum(tokens) / len(tokens),
        "tokens_max": max(tokens),
        "tokens_written": sum(tokens),
        "seconds": seconds,
    }
    if compare_cot:
        out["cot_match"] = cot_same / len(pairs)
    return out


def _traces_only(products: Sequence[tuple[int, int]],
                 tableau: Tableau) -> dict[str, Any] | None:
    """The same fit on the products' traces alone: how many windows the runs
    show, and on how many of all the windows it is wrong."""
    if not products:
        return None
    data = training_windows(products, 0)
    shown = len(np.unique(data.windows, axis=0))
    fit = fit_linear_predictor(data, features="pairwise")
    result = verify_exact(exact_weights(fit), tableau, scope="windows")
    return {"windows_shown": shown, "wrong_windows": result.failures,
            "windows": result.checked}


def _proof_text(windows: int, checked: dict[str, Any]) -> str:
    return (
        f"verified exactly (rational arithmetic) on all {windows} windows of "
        "zoo:multiply's tableau (scope windows: every triple of tokens with the "
        "delimiter in the middle or at most one head): the predictor reproduces "
        "every step of the machine, so from the prompt of any input of any "
        "length it writes the machine's tableau CoT. That the machine "
        "multiplies is checked separately, not proven: its tape equals Python's "
        f"product on all {checked['pairs']} pairs of factors of up to "
        f"{checked['max_bits']} bits each (and every word of up to 6 symbols in "
        "the zoo test); given that the machine halts with a*b for every pair, "
        "as checked there, the predictor's CoT ends in a*b for every pair of "
        "numbers of every length"
    )


def run_proven(
    digits: int,
    *,
    pairs: int = 300,
    seed: int = 0,
    train_products: int = 64,
    configurations: int | None = None,
    check_bits: int = 6,
    certificate: bool = True,
    progress: bool | None = None,
) -> dict[str, Any]:
    """The results-table row of the proven multiplication predictor.

    Fits least squares on pairwise features to the traces of
    ``train_products`` random ``digits``-digit products and
    ``configurations`` random configurations (default:
    :func:`~arcot.pipeline.tableau.default_train`), verifies the fit
    exactly on every window, reads it as integers (:func:`integer_weights`),
    verifies and certifies those, checks the machine against Python on
    every pair of factors of up to ``check_bits`` bits (:func:`check_machine`)
    and rolls the certified predictor out on ``pairs`` held-out pairs of the
    paper's range (none a training product), all seeded by ``seed`` and
    timed. Raises :class:`~arcot.errors.LearningError` for bad arguments.

    The row's keys follow the multiplication table: ``model``, ``format``
    (``tableau``), ``digits``, ``sequence_tokens`` (mean CoT tokens per
    product over the rolled-out pairs; ``sequence_tokens_max``),
    ``parameters`` (the certified predictor's non-zero weights),
    ``train_pairs`` (none: no pair of the test range is the whole training),
    ``train`` (what it was trained on, and how long), ``test_pairs``,
    ``exact_match``, ``digit_accuracy`` (of the product's bits), ``verified``
    and ``proof`` (what is proven, word for word what is checked), and
    ``length`` (the law and the range's worst case and mean).
    """
    number_range(digits)
    for name, value, least in (("pairs", pairs, 1), ("seed", seed, 0),
                               ("train_products", train_products, 0),
                               ("check_bits", check_bits, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise LearningError(f"{name} must be an integer >= {least}, got {value!r}")
    machine = ZOO[MACHINE].machine
    if configurations is None:
        configurations = int(default_train(machine).partition(":")[2])
    if (isinstance(configurations, bool) or not isinstance(configurations, int)
            or configurations < 0):
        raise LearningError(
            f"configurations must be an integer >= 0, got {configurations!r}"
        )
    tableau = _tableau()
    rng = np.random.default_rng(seed)
    products = _draw_pairs(digits, train_products, rng)
    test = _draw_pairs(digits, pairs, rng, avoid=products)

    t0 = time.perf_counter()
    data, predictor = _fit(products, configurations, seed)  # learn
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    learned = verify_exact(exact_weights(predictor), tableau, scope="windows")  # prove
    t_verify = time.perf_counter() - t0
    if not learned.verified:
        raise LearningError(
            f"the least-squares fit is wrong on {learned.failures} of "
            f"{learned.checked} windows (first: {learned.counterexample}); train "
            "on more configurations"
        )
    t0 = time.perf_counter()
    weights, den, distance = integer_weights(predictor, data)
    scaled = verify_exact(weights, tableau, scope="windows")
    cert_text = None
    if certificate:  # make_certificate decides every window again, in integers
        cert_text = make_certificate(tableau, weights, features="pairwise").to_text()
    t_cert = time.perf_counter() - t0
    traces_only = _traces_only(products, tableau)
    t0 = time.perf_counter()
    checked = check_machine(check_bits)
    t_check = time.perf_counter() - t0
    rolled = rollout_products(as_predictor(weights, tableau), test,
                              progress=progress)
    summary = length_summary(digits)
    row: dict[str, Any] = {
        "model": "linear, least squares on pairwise features, proven",
        "format": "tableau",
        "digits": digits,
        "sequence_tokens": rolled["tokens_mean"],
        "sequence_tokens_max": rolled["tokens_max"],
        "parameters": sum(len(r) for r in weights.rows.values()),
        "train_pairs": None,
        "train": {
            "products": len(products),
            "configurations": configurations,
            "windows": len(data),
            "source": data.source,
            "residual": predictor.info.residual if predictor.info else None,
            "fit_seconds": t_fit,
            "traces_only": traces_only,
        },
        "train_seconds": t_fit,
        "test_pairs": len(test),
        "exact_match": rolled["exact_match"],
        "digit_accuracy": rolled["digit_accuracy"],
        "cot_match": rolled["cot_match"],
        "rollout_seconds": rolled["seconds"],
        "verified": learned.verified and scaled.verified,
        "verification": {
            "windows": learned.checked,
            "float_fit_min_margin": str(learned.min_margin),
            "verify_seconds": t_verify,
            "denominator": den,
            "float_distance": distance,
            "integer_min_margin": str(scaled.min_margin),
            "integer_and_certificate_seconds": t_cert,
            "certificate_bytes": None if cert_text is None else len(cert_text.encode()),
        },
        "machine": {"states": len(machine.states), "symbols": len(machine.symbols),
                    "checked": checked, "check_seconds": t_check},
        "length": {"law": "T = 2ab + b^2 + 5b + 2a + 4, W = a + b + 3 "
                   "(a, b: the factors' bits); tokens T (W + 1)",
                   "worst_over_words_of_n_symbols": "n (n + 3)^2",
                   **summary},
        "proof": _proof_text(learned.checked, checked),
    }
    return row
