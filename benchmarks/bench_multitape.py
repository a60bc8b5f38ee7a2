"""The one-tape compilation's slowdown: steps on one tape against steps on k.

For each machine and input length n: the k-tape machine's steps, the
compiled one-tape machine's steps (both run to their halt on the same word,
the decoded k tapes checked equal), their ratio and the ratio over n. The
compilation sweeps between the outermost heads once a simulated step, so the
ratio stays flat where the heads move together (copy) and grows with n where
they drift apart (the palindrome decider rewinds one head over the input).
Also the compiled machines' sizes and the time to compile.

    python benchmarks/bench_multitape.py
"""

from __future__ import annotations

import time

from arcot.machine import multitape_from_table, run, run_multitape, to_one_tape

COPY = """
copy 1,_ -> 1,1 R,R copy
copy _,_ -> _,_ N,N done
"""
PALINDROME = """
copy a,_ -> a,a R,R copy
copy b,_ -> b,b R,R copy
copy _,_ -> _,_ L,L back
back a,a -> a,a L,N back
back a,b -> a,b L,N back
back b,a -> b,a L,N back
back b,b -> b,b L,N back
back _,a -> _,a R,N cmp
back _,b -> _,b R,N cmp
back _,_ -> _,_ R,N cmp
cmp a,a -> a,a R,L cmp
cmp b,b -> b,b R,L cmp
cmp a,b -> a,b N,N reject
cmp b,a -> b,a N,N reject
cmp _,_ -> _,_ N,N accept
"""
#: Unary addition on three tapes: tape 1 holds 1^a 0 1^b; tape 2 gets 1^a,
#: tape 3 gets 1^b, then tape 2 gets tape 3 appended.
ADD = """
a 1,_,_ -> 1,1,_ R,R,N a
a 0,_,_ -> 0,_,_ R,N,N b
a _,_,_ -> _,_,_ N,N,N done
b 1,_,_ -> 1,_,1 R,N,R b
b _,_,_ -> _,_,_ N,N,L back
back _,_,1 -> _,_,1 N,N,L back
back _,_,_ -> _,_,_ N,N,R join
join _,_,1 -> _,1,1 N,R,R join
join _,_,_ -> _,_,_ N,N,N done
"""

CASES = {
    "copy (2 tapes)": (COPY, lambda n: "1" * n),
    "palindrome (2 tapes)": (PALINDROME, lambda n: "ab" * (n // 2) + "a" * (n % 2)),
    "unary add (3 tapes)": (ADD, lambda n: "1" * (n // 2) + "0" + "1" * (n - n // 2)),
}


def main() -> None:
    print(f"{'machine':<22} {'states':>7} {'symbols':>8} {'compile s':>10}")
    compiled = {}
    for name, (table, _) in CASES.items():
        m = multitape_from_table(table)
        t = time.perf_counter()
        c = to_one_tape(m)
        dt = time.perf_counter() - t
        compiled[name] = (m, c)
        print(f"{name:<22} {c.machine.n_states:>7} {c.machine.n_symbols:>8} "
              f"{dt:>10.3f}")
    print()
    print(f"{'machine':<22} {'n':>4} {'k-tape steps':>13} {'1-tape steps':>13} "
          f"{'ratio':>8} {'ratio/n':>8}")
    for name, (_, word_of) in CASES.items():
        m, c = compiled[name]
        for n in (4, 8, 16, 32, 64, 128):
            w = word_of(n)
            direct = run_multitape(m, w, max_steps=10**6)
            one = run(c.machine, w, max_steps=10**8)
            got = c.decode(one)
            assert direct.halted and one.halted, name
            assert got.contents(m.blank) == direct.contents(m.blank), (name, n)
            assert (got.state, got.heads) == (direct.state, direct.heads), (name, n)
            ratio = one.steps / direct.steps
            print(f"{name:<22} {n:>4} {direct.steps:>13,} {one.steps:>13,} "
                  f"{ratio:>8.1f} {ratio / n:>8.2f}")


if __name__ == "__main__":
    main()
