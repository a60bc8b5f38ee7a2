"""``python -m arcot.cli``: the console script ``arcot``, run as a module."""

import sys

from arcot.cli.entry import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
