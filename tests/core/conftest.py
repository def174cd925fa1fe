"""Make ``src/`` importable for the pure-core tests when zicht is not installed (no Django)."""

import sys
from pathlib import Path

_SRC = str(Path(__file__).resolve().parents[2] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)
