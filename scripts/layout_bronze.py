#!/usr/bin/env python3
"""Lay out bronze drops (flights CSV per day from vega-datasets, sales, tweets) in a local lake.

Thin wrapper around ``python -m medallion_local.layout`` usable without setting PYTHONPATH:
``.venv/bin/python scripts/layout_bronze.py --lake-dir .lake --dataset all [--days 7 | --all-days]``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "glue"))

from medallion_local.layout import main  # noqa: E402 - needs the path above

if __name__ == "__main__":
    raise SystemExit(main())
