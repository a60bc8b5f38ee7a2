"""A run as a chain of thought: the tableau, circuit and step-log encodings.

The tableau writes each configuration as a row of ``W`` cells behind ``#``;
the cell under the head is a token ``(state,symbol)``. BB(2) on the blank
tape, window cells -2..1::

    # 0 0 (A,0) 0        prompt: row 0, the initial configuration
    # 0 0 1 (B,0)        A read 0, wrote 1, moved right into B
    # 0 0 (A,1) 1        ...

Cell i of a row depends only on cells i-1, i, i+1 of the row above (the
local rule), which sit W+2, W+1 and W tokens back in the stream: that is
what makes a *linear* next-token predictor enough. The step log is far
shorter (one token per step), but the symbol under the head depends on the
whole history, so no bounded-window linear predictor follows it.
"""

from arcot.cot import cot_length, decode, encode, length_shape
from arcot.zoo import get

bb2 = get("bb2")
for encoding in ("tableau", "steplog", "circuit"):
    trace = encode(bb2, encoding=encoding)
    law = cot_length(bb2, encoding, steps=trace.steps, width=trace.width)
    print(
        f"{encoding}: {len(trace.cot)} CoT tokens (length law: {law}), "
        f"vocabulary of {len(trace.vocabulary)} tokens"
    )
    if encoding != "circuit":
        print(trace.render())
    configs = decode(bb2, trace)
    print(
        f"  decodes back to {len(configs)} configurations, the last in state "
        f"{configs[-1].state!r}"
    )

# Every input of one length gives a CoT of one length: the shape is the
# worst case over all of them.
parity = get("parity")
for n in range(1, 6):
    window, steps = length_shape(parity, n, max_steps=10_000)
    print(
        f"parity, n={n}: T={steps}, W={window.width}, "
        f"tableau CoT {cot_length(parity, 'tableau', steps=steps, width=window.width)}"
        " tokens for every input"
    )
