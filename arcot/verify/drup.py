"""A small trusted DRUP proof checker: standard library only, nothing from arcot.

Usage: ``python3 -I -S arcot/verify/drup.py CNF PROOF [--max-mib N]
[--backward]`` (or ``python -m arcot.verify.drup``). Exit 0 verified (the proof refutes
the CNF: it is unsatisfiable), 1 rejected (a lemma is not a reverse unit
propagation consequence, or no empty clause is derived), 2 malformed (a
file does not parse; the message gives the file and line), 3 refused (a
file is past the size limit, 256 MiB each unless ``--max-mib`` says
otherwise; nothing is read past the check of its size).

The proof is DRUP text, as CaDiCaL, Glucose and Lingeling write it: one
clause a line, literals as signed integers ending with ``0``; a line
``d ...`` deletes a clause; a line ``c ...`` is a comment. The check is
forward: the clauses of the CNF, then each lemma in turn, which must be a
*RUP* consequence of the clauses present (assigning every literal of the
lemma false and unit-propagating reaches a conflict) before it is added.
Deletions are honoured: a deleted clause is gone for every later lemma
(deleting a clause absent from the database is counted and otherwise
ignored, as drat-trim does; it can only make the check harder). The proof
is accepted when it derives the empty clause as a lemma (RUP: unit
propagation on the clauses present reaches a conflict); steps after that
are not checked. A proof that never adds the empty clause is rejected,
even if its clauses propagate to a conflict.

With ``--backward`` (``check(..., backward=True)``) only the lemmas the
refutation uses are checked, as drat-trim does: the steps are replayed
unchecked up to the empty clause, then undone one by one from there, and
a lemma is checked (against exactly the clauses present before it) only
if a checked lemma's propagation used it; the empty clause is checked
first. A wrong lemma that nothing uses is then not looked at, and the
failing lemma named is the last used wrong one, not the first wrong one.
Its propagation visits used clauses first (drat-trim's core-first), so
fewer lemmas become used: parity n = 7, 367 of 5,002 lemmas checked.

Why a RUP lemma is sound: if every clause present is implied by the CNF
and ``F and not C`` propagates to a conflict, then ``C`` is implied too;
so the empty clause, derived this way, is implied by the CNF, which is
then unsatisfiable. Unit propagation uses two watched literals; a
literal assigned at the top level (with no lemma negated) stays assigned
until a deletion removes the clause that implied it, when the top-level
assignment is recomputed from the clauses left.
"""

from __future__ import annotations

import os
import sys

__all__ = ["EXIT", "MAX_MIB", "check", "main", "parse_cnf", "parse_proof"]

VERIFIED, REJECTED, MALFORMED, REFUSED = "verified", "rejected", "malformed", "refused"
EXIT = {VERIFIED: 0, REJECTED: 1, MALFORMED: 2, REFUSED: 3}
MAX_MIB = 256  # per file, unless the caller says otherwise
MAX_VARS = 50_000_000  # a variable index past this is refused as malformed


class Malformed(Exception):
    """A file does not follow DIMACS / DRUP; the message says where."""


class Rejected(Exception):
    """The proof parses but does not refute the CNF."""


def parse_cnf(text: str, name: str = "CNF") -> tuple[int, list[list[int]]]:
    """``(n_vars, clauses)`` of DIMACS text: a ``p cnf V C`` header after
    any comment lines, then ``C`` clauses of literals within ``V``, each
    ending with ``0`` (a clause may span lines)."""
    lines = text.split("\n")
    header: tuple[int, int] | None = None
    clauses: list[list[int]] = []
    current: list[int] = []
    current_line = 0
    for number, line in enumerate(lines, 1):
        words = line.split()
        if not words or words[0] == "c" or words[0].startswith("c"):
            continue
        if header is None:
            if len(words) != 4 or words[0] != "p" or words[1] != "cnf":
                raise Malformed(f"{name} line {number}: expected the header "
                                f"'p cnf VARS CLAUSES', got {_show(line)}")
            n_vars, n_clauses = _count(words[2], name, number), \
                _count(words[3], name, number)
            header = (n_vars, n_clauses)
            continue
        for word in words:
            lit = _literal(word, name, number)
            if lit == 0:
                clauses.append(current)
                current = []
                continue
            if abs(lit) > header[0]:
                raise Malformed(f"{name} line {number}: literal {lit} names a "
                                f"variable past the header's {header[0]}")
            if not current:
                current_line = number
            current.append(lit)
    if header is None:
        raise Malformed(f"{name}: no 'p cnf VARS CLAUSES' header")
    if current:
        raise Malformed(f"{name} line {current_line}: the last clause does not "
                        "end with 0")
    if len(clauses) != header[1]:
        raise Malformed(f"{name}: the header says {header[1]} clauses, the "
                        f"file has {len(clauses)}")
    return header[0], clauses


def parse_proof(text: str, name: str = "PROOF") -> list[tuple[int, bool, list[int]]]:
    """The proof's steps ``(line, deleted, literals)``, one a line."""
    steps: list[tuple[int, bool, list[int]]] = []
    for number, line in enumerate(text.split("\n"), 1):
        words = line.split()
        if not words or words[0] == "c":
            continue
        deleted = words[0] == "d"
        if deleted:
            words = words[1:]
        if not words or words[-1] != "0":
            raise Malformed(f"{name} line {number}: a step ends with 0, got "
                            f"{_show(line)}")
        lits = [_literal(w, name, number) for w in words[:-1]]
        if 0 in lits:
            raise Malformed(f"{name} line {number}: 0 before the end of the step")
        steps.append((number, deleted, lits))
    return steps


def _literal(word: str, name: str, number: int) -> int:
    body = word[1:] if word.startswith("-") else word
    if not (body.isascii() and body.isdigit()) or len(body) > 9 or \
            (body[0] == "0" and (len(body) > 1 or word[0] == "-")):
        raise Malformed(f"{name} line {number}: {_show(word)} is not a literal")
    lit = int(word)
    if abs(lit) > MAX_VARS:
        raise Malformed(f"{name} line {number}: variable {abs(lit)} is past "
                        f"the checker's {MAX_VARS}")
    return lit


def _count(word: str, name: str, number: int) -> int:
    if not (word.isascii() and word.isdigit()) or len(word) > 9:
        raise Malformed(f"{name} line {number}: {_show(word)} is not a count")
    return int(word)


def _show(text: str) -> str:
    text = text[:60] + ("..." if len(text) > 60 else "")
    return repr(text)


class _Database:
    """Clauses with two watched literals and a top-level assignment.

    ``value[lit]`` is 1 (true), -1 (false) or 0, indexed by the signed
    literal (a list of ``2V + 1`` entries, so ``-v`` indexes from the end);
    ``watches[lit]`` lists the clauses whose first two literals include
    ``lit``; ``reason[v]`` is the clause that set ``v`` at the top level.
    """

    def __init__(self, n_vars: int) -> None:
        size = 2 * n_vars + 1
        self.value = [0] * size
        self.watches: list[list[int]] = [[] for _ in range(size)]
        self.reason: list[int | None] = [None] * (n_vars + 1)
        # id -> literals (the first two watched), or None once deleted
        self.clauses: list[list[int] | None] = []
        self.units: list[int] = []  # ids of the one-literal clauses
        self.index: dict[tuple[int, ...], list[int]] = {}  # sorted literals -> ids
        self.origin: list[int] = []  # id -> the proof step that added it, or -1
        # id -> 1 for a CNF clause or a lemma a check has used (backward)
        self.core = bytearray()
        self.trail: list[int] = []
        self.head = 0
        self.conflict = False  # the top level is inconsistent: refuted
        self.culprit: int | None = None  # the falsified clause of the last conflict
        # while inconsistent: the ids the top-level conflict rests on (a
        # cache; the top level changes only when _rebuild ends the conflict)
        self.blame: set[int] | None = None

    def add(self, lits: list[int], origin: int = -1) -> int | None:
        """Add a clause (duplicates dropped; a tautology is not stored) and
        return its id (``None`` for a tautology)."""
        lits = list(dict.fromkeys(lits))
        if any(-lit in lits for lit in lits):
            return None
        cid = len(self.clauses)
        self.clauses.append(lits)
        self.origin.append(origin)
        self.core.append(origin < 0)
        self.index.setdefault(tuple(sorted(lits)), []).append(cid)
        if len(lits) == 1:
            self.units.append(cid)
        if self.conflict:
            return cid  # watched from scratch if a deletion ends the conflict
        value = self.value
        if len(lits) == 0:
            self.conflict, self.culprit = True, cid
            return cid
        if len(lits) == 1:
            if value[lits[0]] == -1:
                self.conflict, self.culprit = True, cid
            elif value[lits[0]] == 0:
                self._assign(lits[0], cid)
                self.conflict = self.propagate()
            return cid
        # Watch two literals not false if there are; else the clause is
        # unit (its one non-false literal is implied) or falsified.
        lits.sort(key=lambda lit: value[lit] == -1)
        self.watches[lits[0]].append(cid)
        self.watches[lits[1]].append(cid)
        if value[lits[1]] == -1:
            if value[lits[0]] == -1:
                self.conflict, self.culprit = True, cid
            elif value[lits[0]] == 0:
                self._assign(lits[0], cid)
                self.conflict = self.propagate()
        return cid

    def delete(self, lits: list[int]) -> bool:
        """Delete one copy of the clause; ``False`` if none is present."""
        key = tuple(sorted(dict.fromkeys(lits)))
        ids = self.index.get(key)
        if not ids:
            return any(-lit in lits for lit in lits)  # a tautology: never stored
        self.remove(ids[-1])
        return True

    def remove(self, cid: int) -> None:
        """Remove the clause ``cid`` (present), keeping the top level sound."""
        clause = self.clauses[cid]
        assert clause is not None
        # When inconsistent, the top level rests on the clauses of its
        # conflict (the falsified one and the reasons it needs): only if
        # this is one of them is it recomputed. Other reasons may then name
        # a removed clause, but no conflict's clauses reach them.
        needed = self.conflict and cid in self._blamed()
        self.index[tuple(sorted(clause))].remove(cid)
        self.clauses[cid] = None
        if len(clause) == 1:
            self.units.remove(cid)
        # The top level rests on this clause if it implied a literal there.
        if needed:
            self._rebuild()
        elif not self.conflict:
            implied = [lit for lit in clause if self.reason[abs(lit)] == cid]
            if implied:
                self._retract(self.trail.index(implied[0]))

    def _blamed(self) -> set[int]:
        """The clauses the top-level conflict rests on (while inconsistent)."""
        if self.blame is None:
            self.blame = set(self._used(self.culprit, 0))
        return self.blame

    def _retract(self, start: int) -> None:
        """Unassign the top-level literal at ``start`` on the trail (it lost
        its reason) and every later one whose reason holds an unassigned
        one, then propagate again.

        The others keep their reasons: a reason holds only earlier literals,
        so scanning the trail from ``start`` on finds every literal that
        rests on the lost one; the rest stay, in their order. A clause may
        now watch a false literal next to a literal just unassigned, which
        it watched as true: those are the clauses to look at, found in the
        watch lists of the unassigned literals; each gets a non-false watch
        again or, if it has none, is unit (or falsified) and implies that
        literal again; so does every one-literal clause.
        """
        value, watches, clauses, reason = self.value, self.watches, \
            self.clauses, self.reason
        trail = self.trail
        suffix = [trail[start]]
        gone = {abs(trail[start])}
        kept = []
        for lit in trail[start + 1:]:
            r = reason[abs(lit)]
            c = None if r is None else clauses[r]
            if c is None or any(abs(x) in gone for x in c if x != lit):
                suffix.append(lit)
                gone.add(abs(lit))
            else:
                kept.append(lit)
        del trail[start:]
        trail += kept
        for lit in suffix:
            value[lit] = value[-lit] = 0
            reason[abs(lit)] = None
        self.head = len(trail)
        for b in suffix:
            for cid in list(watches[b]):
                c = clauses[cid]
                if c is None or value[b] == 1:
                    continue
                mine = 0 if c[0] == b else 1
                other = c[1 - mine]
                if value[other] != -1:
                    continue
                for k in range(2, len(c)):
                    if value[c[k]] != -1:
                        watches[other].remove(cid)
                        c[1 - mine], c[k] = c[k], other
                        watches[c[1 - mine]].append(cid)
                        break
                else:
                    if value[b] == -1:
                        self.conflict, self.culprit = True, cid
                        return
                    self._assign(b, cid)
        for cid in self.units:  # one-literal clauses are watched by no list
            unit = clauses[cid]
            assert unit is not None
            if value[unit[0]] == -1:
                self.conflict, self.culprit = True, cid
                return
            if value[unit[0]] == 0:
                self._assign(unit[0], cid)
        self.conflict = self.propagate()

    def _assign(self, lit: int, cid: int | None) -> None:
        self.value[lit] = 1
        self.value[-lit] = -1
        self.reason[abs(lit)] = cid
        self.trail.append(lit)

    def _rebuild(self) -> None:
        """Recompute the top-level assignment from the clauses present (a
        deleted clause implied one of its literals, or the top level was
        inconsistent and may no longer be)."""
        self.blame = None
        for lit in self.trail:
            self.value[lit] = self.value[-lit] = 0
            self.reason[abs(lit)] = None
        self.trail, self.head, self.conflict = [], 0, False
        for ws in self.watches:
            ws.clear()
        for cid, lits in enumerate(self.clauses):
            if lits is not None and len(lits) > 1:
                self.watches[lits[0]].append(cid)
                self.watches[lits[1]].append(cid)
            elif lits is not None and not lits:  # the CNF's empty clause
                self.conflict, self.culprit = True, cid
                return
        for cid in self.units:
            unit = self.clauses[cid]
            assert unit is not None
            lit = unit[0]
            if self.value[lit] == -1:
                self.conflict, self.culprit = True, cid
                return
            if self.value[lit] == 0:
                self._assign(lit, cid)
        self.conflict = self.propagate()

    def propagate(self) -> bool:
        """Unit-propagate the trail from ``head``; ``True`` on a conflict."""
        value, watches, clauses, trail = self.value, self.watches, self.clauses, \
            self.trail
        reason = self.reason
        head = self.head
        while head < len(trail):
            false = -trail[head]
            head += 1
            ws = watches[false]
            i = j = 0
            end = len(ws)
            while i < end:
                cid = ws[i]
                i += 1
                c = clauses[cid]
                if c is None:
                    continue  # deleted: drop the watch
                if c[0] == false:
                    c[0], c[1] = c[1], false
                first = c[0]
                if value[first] == 1:
                    ws[j] = cid
                    j += 1
                    continue
                for k in range(2, len(c)):
                    lit = c[k]
                    if value[lit] != -1:
                        c[1], c[k] = lit, false
                        watches[lit].append(cid)
                        break
                else:
                    ws[j] = cid
                    j += 1
                    if value[first] == -1:
                        self.culprit = cid
                        while i < end:
                            ws[j] = ws[i]
                            i += 1
                            j += 1
                        del ws[j:]
                        self.head = head
                        return True
                    value[first] = 1
                    value[-first] = -1
                    reason[abs(first)] = cid
                    trail.append(first)
            del ws[j:]
        self.head = head
        return False

    def propagate_core_first(self) -> bool:
        """:meth:`propagate`, preferring the clauses ``core`` marks (1): a
        literal's watches among them are visited as soon as it is on the
        trail, the others' only when no core clause has a literal left to
        visit. Every watch of every trail literal is still visited before
        ``False`` (no conflict) is answered; only the order differs, so
        conflicts rest on core clauses where they can (drat-trim's
        core-first propagation: fewer lemmas become used)."""
        value, watches, clauses, trail = self.value, self.watches, self.clauses, \
            self.trail
        reason, core = self.reason, self.core
        head_core = head_rest = self.head
        while True:
            if head_core < len(trail):
                false, phase = -trail[head_core], 1
                head_core += 1
            elif head_rest < len(trail):
                false, phase = -trail[head_rest], 0
                head_rest += 1
            else:
                break
            ws = watches[false]
            i = j = 0
            end = len(ws)
            while i < end:
                cid = ws[i]
                i += 1
                c = clauses[cid]
                if c is None:
                    continue  # deleted: drop the watch
                if core[cid] != phase:  # visited in the other phase
                    ws[j] = cid
                    j += 1
                    continue
                if c[0] == false:
                    c[0], c[1] = c[1], false
                first = c[0]
                if value[first] == 1:
                    ws[j] = cid
                    j += 1
                    continue
                for k in range(2, len(c)):
                    lit = c[k]
                    if value[lit] != -1:
                        c[1], c[k] = lit, false
                        watches[lit].append(cid)
                        break
                else:
                    ws[j] = cid
                    j += 1
                    if value[first] == -1:
                        self.culprit = cid
                        while i < end:
                            ws[j] = ws[i]
                            i += 1
                            j += 1
                        del ws[j:]
                        self.head = len(trail)
                        return True
                    value[first] = 1
                    value[-first] = -1
                    reason[abs(first)] = cid
                    trail.append(first)
            del ws[j:]
        self.head = len(trail)
        return False

    def is_rup(self, lits: list[int]) -> bool:
        """Whether assigning every literal of ``lits`` false propagates to a
        conflict; the assignment is undone after."""
        if self.conflict:
            return True
        value = self.value
        mark = len(self.trail)
        found = False
        for lit in lits:
            if value[lit] == 1:
                found = True
                break
            if value[lit] == 0:
                self._assign(-lit, None)
        if not found:
            found = self.propagate()
        for lit in self.trail[mark:]:
            value[lit] = value[-lit] = 0
            self.reason[abs(lit)] = None
        del self.trail[mark:]
        self.head = mark
        return found


    def rup_core(self, lits: list[int]) -> list[int] | None:
        """The ids of the clauses a RUP check of ``lits`` uses (the conflict's
        clause and the reasons of every literal it rests on, top level
        included), or ``None`` if ``lits`` is not RUP; undone after."""
        if self.conflict:
            return list(self._blamed())
        value = self.value
        mark = len(self.trail)
        used = None
        for lit in lits:
            if value[lit] == 1:  # not lit meets lit: its reasons are the proof
                used = self._used(None, lit)
                break
            if value[lit] == 0:
                self._assign(-lit, None)
        else:
            if self.propagate_core_first():
                used = self._used(self.culprit, 0)
        for lit in self.trail[mark:]:
            value[lit] = value[-lit] = 0
            self.reason[abs(lit)] = None
        del self.trail[mark:]
        self.head = mark
        return used

    def _used(self, culprit: int | None, lit: int) -> list[int]:
        """The falsified clause ``culprit`` (or the literal ``lit`` set true)
        and, recursively, the reason of every literal false in a clause
        collected: the clauses whose unit propagation alone gives the
        conflict."""
        clauses, reason = self.clauses, self.reason
        seen = set()
        stack = [] if culprit is None else [culprit]
        if lit:
            seen.add(abs(lit))
            first = reason[abs(lit)]
            if first is not None:
                stack.append(first)
        used = []
        while stack:
            cid = stack.pop()
            used.append(cid)
            clause = clauses[cid]
            assert clause is not None
            for other in clause:
                v = abs(other)
                if v not in seen:
                    seen.add(v)
                    r = reason[v]
                    if r is not None:
                        stack.append(r)
        return used


def check(cnf_text: str, proof_text: str, *, backward: bool = False) -> tuple[str, str]:
    """``(verdict, message)`` for a CNF and a DRUP proof of its
    unsatisfiability, both text; the verdict is :data:`VERIFIED`,
    :data:`REJECTED` or :data:`MALFORMED`, never an exception. ``backward``
    checks only the lemmas the refutation uses (:func:`_check_backward`)."""
    try:
        n_vars, clauses = parse_cnf(cnf_text)
        steps = parse_proof(proof_text)
        top = max((abs(lit) for _, _, lits in steps for lit in lits), default=0)
        db = _Database(max(n_vars, top))
        for lits in clauses:
            db.add(lits)
        if backward:
            return _check_backward(db, n_vars, len(clauses), steps)
        lemmas = ignored = 0
        for number, deleted, lits in steps:
            if deleted:
                ignored += not db.delete(lits)
                continue
            lemmas += 1
            if not db.is_rup(lits):
                raise Rejected(
                    f"lemma {lemmas} (proof line {number}) is not a RUP "
                    f"consequence of the clauses before it: "
                    f"{_show(' '.join(map(str, lits)) + ' 0')}")
            if not lits:
                note = f", {ignored} deletions of absent clauses ignored" \
                    if ignored else ""
                return VERIFIED, (f"the empty clause is derived at lemma {lemmas} "
                                  f"(proof line {number}): the CNF of {n_vars} "
                                  f"variables and {len(clauses)} clauses is "
                                  f"unsatisfiable{note}")
            db.add(lits)
        raise Rejected(f"the proof ends without deriving the empty clause "
                       f"({lemmas} lemmas checked)")
    except Malformed as exc:
        return MALFORMED, str(exc)
    except Rejected as exc:
        return REJECTED, str(exc)
    except Exception as exc:  # pragma: no cover - a verdict, never a traceback
        return MALFORMED, (f"the checker cannot read this input "
                           f"({type(exc).__name__}); this is a checker bug: "
                           "please report it")


def _check_backward(db: _Database, n_vars: int, n_clauses: int,
                    steps: list[tuple[int, bool, list[int]]]) -> tuple[str, str]:
    """Backward checking with core marking, as drat-trim does.

    Forward, the steps are replayed unchecked up to the first empty clause
    (each clause remembers the step that added it). Backward from there,
    each step is undone (a lemma removed, a deleted clause put back), so the
    database is again exactly the clauses present before the step; a lemma
    is checked, as RUP against them, only if it is *marked*; the empty
    clause is marked, and each check marks the lemmas among the clauses its
    conflict rests on (:meth:`_Database.rup_core`). Sound: by induction
    from the first step on, every marked lemma follows from the CNF, since
    the unit propagation that refutes its negation uses only the CNF and
    earlier marked lemmas; so the empty clause does. An unmarked lemma
    takes part in no checked derivation and is not checked (a proof with a
    wrong but unused lemma is accepted, as drat-trim accepts it).
    """
    lemma_of: list[int] = []  # step -> its lemma number (0 for a deletion)
    # step -> how to undo it: (True, origin, clause) for a deletion that
    # removed a clause, (False, clause id or -1, literals) otherwise
    undo: list[tuple[bool, int, list[int]]] = []
    lemmas = ignored = 0
    empty = None
    for k, (_, deleted, lits) in enumerate(steps):
        if deleted:
            lemma_of.append(0)
            key = tuple(sorted(dict.fromkeys(lits)))
            ids = db.index.get(key)
            if not ids:
                undo.append((False, -1, lits))
                ignored += not any(-lit in lits for lit in lits)
                continue
            cid = ids[-1]
            clause = db.clauses[cid]
            assert clause is not None
            undo.append((True, db.origin[cid], list(clause)))
            db.remove(cid)
            continue
        lemmas += 1
        lemma_of.append(lemmas)
        if not lits:
            empty = k
            break
        added = db.add(lits, origin=k)
        undo.append((False, -1 if added is None else added, lits))
    if empty is None:
        raise Rejected(f"the proof ends without deriving the empty clause "
                       f"({lemmas} lemmas read)")
    marked = bytearray(empty + 1)
    live = {}  # lemma step -> its clause id now (a clause put back gets a new id)

    def check_step(k: int, lits: list[int]) -> None:
        used = db.rup_core(lits)
        if used is None:
            raise Rejected(
                f"lemma {lemma_of[k]} (proof line {steps[k][0]}) is not a RUP "
                f"consequence of the clauses before it: "
                f"{_show(' '.join(map(str, lits)) + ' 0')}")
        for cid in used:
            origin = db.origin[cid]
            if origin >= 0:
                marked[origin] = 1
                db.core[cid] = 1

    check_step(empty, [])
    checked = 1
    for k in range(empty - 1, -1, -1):
        lits = steps[k][2]
        removed, ref, clause = undo[k]
        if removed:  # put the deleted clause back, with a new id
            back = db.add(clause, origin=ref)
            assert back is not None
            if ref >= 0:
                live[ref] = back
                db.core[back] = marked[ref]
            continue
        if steps[k][1] or ref == -1:
            continue  # an absent clause's deletion, or a tautology (never stored)
        db.remove(live.pop(k, ref))
        if marked[k]:
            check_step(k, lits)
            checked += 1
    note = f", {ignored} deletions of absent clauses ignored" if ignored else ""
    return VERIFIED, (f"the empty clause is derived at lemma {lemmas} (proof line "
                      f"{steps[empty][0]}): the CNF of {n_vars} variables and "
                      f"{n_clauses} clauses is unsatisfiable (checked backward: "
                      f"{checked} of {lemmas} lemmas used){note}")


def read_text(
    path: str, name: str, max_bytes: int
) -> tuple[str | None, tuple[str, str] | None]:
    """The file's text; ``None`` with a message if it is past ``max_bytes``
    (checked before reading) or cannot be read or decoded."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return None, (REFUSED, f"{name} {path}: {size} bytes is past the "
                                   f"limit of {max_bytes} bytes")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        return None, (MALFORMED, f"{name} {path}: cannot read it: {exc.strerror}")
    if len(data) > max_bytes:
        return None, (REFUSED, f"{name} {path}: past the limit of {max_bytes} bytes")
    try:
        return data.decode("ascii"), None
    except UnicodeDecodeError as exc:
        return None, (MALFORMED, f"{name} {path}: byte {exc.start} is not ASCII "
                                 "(a binary proof? this checker reads DRUP text)")


USAGE = ("usage: python3 -I -S arcot/verify/drup.py CNF PROOF [--max-mib N] "
         "[--backward]\n"
         "exit 0 verified, 1 rejected, 2 malformed, 3 past the size limit\n")


def main(argv: list[str] | None = None) -> int:
    """Check the proof file against the CNF file; print the verdict line."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["-h"], ["--help"]):
        sys.stdout.write(USAGE)
        return 0
    max_mib = MAX_MIB
    backward = "--backward" in args[2:]
    if backward:
        del args[2 + args[2:].index("--backward")]
    if len(args) == 4 and args[2] == "--max-mib":
        word = args[3]
        if not (word.isascii() and word.isdigit()) or int(word) < 1:
            sys.stderr.write(USAGE)
            return 2
        max_mib = int(word)
        args = args[:2]
    if len(args) != 2:
        sys.stderr.write(USAGE)
        return 2
    texts: list[str] = []
    for path, name in zip(args, ("CNF", "PROOF"), strict=True):
        text, failure = read_text(path, name, max_mib << 20)
        if failure is not None or text is None:
            verdict, message = failure or (MALFORMED, f"{name}: unreadable")
            sys.stdout.write(f"{verdict}: {message}\n")
            return EXIT[verdict]
        texts.append(text)
    verdict, message = check(texts[0], texts[1], backward=backward)
    sys.stdout.write(f"{verdict}: {message}\n")
    return EXIT[verdict]


if __name__ == "__main__":
    sys.exit(main())
