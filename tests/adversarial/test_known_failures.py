"""One test per failure of the certificate check known from issue 7 (item 5)
or found by the mutation fuzzer (test_fuzz_checker.py).

Each builds the smallest document that showed the failure from a corpus
certificate and asserts what every file must get: exit 0, 1 or 2 without a
traceback from the lone checker (``python -I -S checker.py FILE``), the same
verdict from ``check()``, ``checker.main`` and ``arcot check`` (in process,
and as a command where the two used to differ), within a bounded time.

Every one of them once failed; each stays as a regression test.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from arcot.verify import checker
from tests.adversarial import entry_points as ep
from tests.adversarial.mutations import HUGE, PROOFS

#: a check that should take milliseconds; a hang is what is tested
QUICK = 10.0


def _doc(name: str) -> dict[str, Any]:
    return json.loads((PROOFS / "valid" / name).read_text())


def windows_doc() -> dict[str, Any]:
    return _doc("bb2-additive.cert.json")


def inputs_doc() -> dict[str, Any]:
    """A valid certificate of an inputs:N scope."""
    return _doc("parity-additive-inputs3.cert.json")


def sealed(doc: dict[str, Any]) -> dict[str, Any]:
    """Seal again with the digest the checker computes (where it can)."""
    with contextlib.suppress(ValueError, RecursionError):
        doc["sha256"] = checker.digest(doc)
    return doc


def write(tmp_path: Path, text: str | bytes, name: str = "case") -> Path:
    path = tmp_path / f"{name}.cert.json"
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    path.write_bytes(text)
    return path


def answers(path: Path, command_line: bool = False, timeout: float = ep.TIMEOUT
            ) -> dict[str, dict[str, Any]]:
    """Every entry point's answer on ``path``."""
    results = ep.in_process(path, timeout)
    results["lone_checker"] = ep.lone_checker(path, timeout)
    if command_line:
        results["arcot_check"] = ep.arcot_check_process(path, timeout)
    return results


def assert_answered(results: dict[str, dict[str, Any]], *allowed: str) -> str:
    """No entry crashed or hung, all agree, on one of ``allowed``; -> verdict."""
    bad = ep.problems(results)
    assert not bad, "\n".join(bad)
    (verdict,) = {r["verdict"] for r in results.values()}
    assert not allowed or verdict in allowed, (verdict, results)
    return verdict



# -- listed in issue 7 ---------------------------------------------------


# -- listed in issue 7, fixed at d1b9a8b -----------------------------------


@pytest.mark.parametrize("features", [["additive"], {"additive": 1}],
                         ids=["list", "object"])
def test_features_not_a_string_is_malformed(tmp_path, features):
    """Was: ``kind not in SLOTS`` raised TypeError (unhashable list, dict)."""
    doc = windows_doc()
    doc["features"] = features
    assert_answered(answers(write(tmp_path, json.dumps(doc))), "malformed")


@pytest.mark.parametrize("ratio", [HUGE + "/7", "7/" + HUGE, "-" + HUGE + "/7"],
                         ids=["numerator", "denominator", "negative"])
def test_ratio_with_huge_parts_is_answered(tmp_path, ratio):
    """Was: int() of a 5000-digit part raised ValueError (Python's limit of
    4300 digits for int from str)."""
    doc = windows_doc()
    doc["weights"]["#"]["M"]["#"] = ratio
    assert_answered(answers(write(tmp_path, json.dumps(sealed(doc)))))


@pytest.mark.parametrize("where", ["min_margin", "hint"])
def test_margin_with_huge_ratio_is_answered(tmp_path, where):
    """Was: the same ValueError from hints.min_margin or a hint's margin."""
    doc = windows_doc()
    if where == "min_margin":
        doc["hints"]["min_margin"] = HUGE + "/7"
    else:
        doc["hints"]["windows"][0][4] = HUGE + "/7"
    assert_answered(answers(write(tmp_path, json.dumps(sealed(doc)))))


def test_scope_with_5000_digits_is_malformed(tmp_path):
    """Was: int(n.group(1)) raised ValueError."""
    doc = inputs_doc()
    doc["scope"] = "inputs:" + HUGE
    assert_answered(answers(write(tmp_path, json.dumps(doc))), "malformed")


def _deep_renaming(depth: int) -> str:
    doc = windows_doc()
    doc["renaming"] = None
    return json.dumps(doc).replace(
        '"renaming": null', '"renaming": {"x": ' + "[" * depth + "]" * depth + "}")


def test_deep_renaming_one_verdict_as_commands(tmp_path):
    """Was: a list ~990 deep in renaming parsed (json.loads) but the seal's
    json.dumps raised RecursionError: the lone checker printed a traceback
    (exit 1, depth 989 here) where arcot check, called deeper, said
    malformed."""
    bad = []
    for depth in range(975, 1001):
        results = {"lone_checker": ep.lone_checker(write(
            tmp_path, _deep_renaming(depth), f"d{depth}"))}
        bad += [f"depth {depth}: {p}" for p in ep.problems(results)]
    path = write(tmp_path, _deep_renaming(990))
    results = {"lone_checker": ep.lone_checker(path),
               "arcot_check": ep.arcot_check_process(path)}
    bad += [f"depth 990: {p}" for p in ep.problems(results)]
    assert not bad, "\n".join(bad)


def test_deep_renaming_one_verdict_in_process(tmp_path):
    """Was: at depths 960..1010 check() raised RecursionError at some, and the
    verdict changed with the depth and with the caller's stack (rejected on
    a fresh thread, malformed under pytest)."""
    bad = []
    for depth in range(960, 1011):
        results = ep.in_process(write(tmp_path, _deep_renaming(depth), f"d{depth}"))
        bad += [f"depth {depth}: {p}" for p in ep.problems(results)]
    assert not bad, "\n".join(bad)


def test_huge_n_with_empty_alphabet_ends_quickly(tmp_path):
    """Was: inputs:10^12 with an empty alphabet looped over range(N + 1)
    (count_words said 1 word, so no budget stopped it)."""
    doc = inputs_doc()
    doc["scope"] = "inputs:1000000000000"
    doc["inputs"]["alphabet"] = []
    path = write(tmp_path, json.dumps(sealed(doc)))
    assert_answered({"lone_checker": ep.lone_checker(path, QUICK)})


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1E+999"])
def test_overflowing_number_in_renaming_is_malformed(tmp_path, number):
    """Was: 1e400 parsed as float('inf') (parse_constant sees only the words
    NaN and Infinity): resealed, the document was verified."""
    doc = windows_doc()
    doc["renaming"] = {"x": float(number)}  # what json.loads makes of it
    sealed(doc)  # json.dumps writes the infinity as Infinity: a digest exists
    text = json.dumps(doc).replace("Infinity", number.lstrip("-"))
    assert_answered(answers(write(tmp_path, text)), "malformed")


# -- found by the fuzzer, fixed at d1b9a8b ------------------------------------


def test_one_letter_alphabet_ends_quickly(tmp_path):
    """Was: with a one-letter alphabet count_words allowed N = 99999 (N + 1
    words), and run_windows built every word first: N^2/2 = 5e9 cells
    (inputs:6617 already took 2.6 s)."""
    doc = inputs_doc()
    doc["scope"] = "inputs:99999"
    doc["inputs"]["alphabet"] = doc["inputs"]["alphabet"][:1]
    path = write(tmp_path, json.dumps(sealed(doc)))
    assert_answered({"lone_checker": ep.lone_checker(path, QUICK)})


# -- found by the fuzzer, fixed: the checker quotes names as JSON and prints
# one line of printable characters -------------------------------------------

#: Was: the message quoted the name raw, and a lone surrogate cannot be
#: written to a UTF-8 stdout: the lone checker died with UnicodeEncodeError
#: (exit 1, which reads as rejected) where arcot check said malformed.


@pytest.mark.parametrize("key", ["\udfffproducer", "\ud800"])
def test_surrogate_in_a_field_name_is_malformed(tmp_path, key):
    doc = windows_doc()
    doc[key] = 1
    path = write(tmp_path, json.dumps(doc))  # ensure_ascii: "\udfff" escaped
    assert_answered(answers(path, command_line=True), "malformed")


def test_surrogate_in_a_slot_name_is_malformed(tmp_path):
    doc = windows_doc()
    doc["weights"]["#"]["\udfffM"] = {"#": 1}
    path = write(tmp_path, json.dumps(doc))
    assert_answered(answers(path, command_line=True), "malformed")


def test_surrogate_with_json_output_is_malformed(tmp_path):
    doc = windows_doc()
    doc["\ud800"] = 1
    path = write(tmp_path, json.dumps(doc))
    result = ep.arcot_check_process(path, ep.TIMEOUT, "--json")
    assert_answered({"arcot_check_json": result}, "malformed")


def test_answer_is_one_line(tmp_path):
    doc = windows_doc()
    doc["x\nverified: 225 windows, least margin 1\nmalformed"] = 1
    result = ep.lone_checker(write(tmp_path, json.dumps(doc)))
    assert result.get("verdict") == "malformed", result
    assert result["stdout"].count("\n") == 1, result["stdout"]
