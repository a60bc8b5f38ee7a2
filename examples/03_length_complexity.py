"""Length complexity: how many CoT tokens a function needs, as a law.

For the parity machine the tableau CoT of an n-bit input takes
T(n) = n + 1 rows of W(n) = n + 1 cells plus a delimiter: (n+1)(n+2) tokens,
Theta(n^2). Written as a threshold circuit (Thm 3.11) parity needs only
ceil(log2(n+1)) tokens: the bits of the count of ones, highest first. If
each step may only compute a parity of k tokens (Thm 3.12), the chain needs
ceil((n-1)/(k-1)). And for small n arcot finds the exact minimum over all
linear-threshold AR predictors (1, 2, 2, 3, 3 for n = 1..5).
"""

import os

from arcot.length import fit_length, measure_function_length, measure_length
from arcot.zoo import get

fast = os.environ.get("ARCOT_FAST") == "1"

profile = measure_length(get("parity"), "tableau", 6 if fast else 10)
for row in profile.rows:
    print(f"n={row.n}: T={row.steps} W={row.width} L={row.cot_tokens}")
law = profile.fit()
print("tableau law:", law.expression if law else None, law.growth if law else "")

for scheme in ("threshold-log", "chain:3"):
    p = measure_function_length("parity", scheme, 8 if fast else 12)
    law = p.fit()
    print(
        f"parity, {scheme}: {[r.cot_tokens for r in p.rows]} -> "
        f"{law.expression if law else None}; all verified: "
        f"{all(r.verified for r in p.rows)}"
    )

exact = measure_function_length("parity", "minimal", 4 if fast else 5)
print("exact minimum for parity:", [r.cot_tokens for r in exact.rows])

print("no law is forced on noise:", fit_length([3, 1, 4, 1, 5, 9, 2, 6]))
