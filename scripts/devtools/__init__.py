"""Developer tools: the code behind the scripts in `scripts/` (measuring, benchmarks, load tests).

Not part of the product (the installed packages are `indexer`, `search` and `web`); the test suite imports it
to share one scoring implementation with the scripts. Importing the package itself loads nothing heavy, so a
script can import `scripts.devtools.venv` with any Python before switching to the project's.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root."""
