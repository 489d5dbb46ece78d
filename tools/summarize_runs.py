#!/usr/bin/env python3
"""Prints one line per chapter run: its headline metrics and where its plots are."""
import json
import sys
from pathlib import Path

runs, chapters = Path(sys.argv[1]), sys.argv[2:]
print(f"{'chapter':<26}{'seconds':>8}  result")
for slug in chapters:
    path = runs / slug / "summary.json"
    if not path.exists():
        print(f"{slug:<26}{'-':>8}  no summary.json (did it fail?)")
        continue
    s = json.loads(path.read_text())
    metrics = [f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}"
               for k, v in s.items() if k.startswith("test_accuracy") or k.endswith("_solved_seeds")]
    print(f"{slug:<26}{s.get('seconds', 0):>8.0f}  {', '.join(metrics[:4])}")
    plots = sorted(p.name for p in (runs / slug).glob("*.png"))
    print(f"{'':<36}plots in runs/{slug}/: {', '.join(plots)}")
