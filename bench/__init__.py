"""make bench: Sahih's costs as ratios to bare viewflow, raw reportlab, hashlib and PostgreSQL,
measured in one run on one machine, written to docs/benchmarks.md."""
