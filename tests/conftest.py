"""Suite-wide settings."""

import os

from hypothesis import settings

# No per-example deadline: CI machines are shared and slow at times, and speed is measured in benchmarks/,
# never asserted in tests. Examples are derandomized so that a failure in CI reproduces locally.
settings.register_profile("project", deadline=None, derandomize=True, max_examples=100)
# `make fuzz`: random seeds every run (the fuzz tests take their number of examples from FUZZ_EXAMPLES).
settings.register_profile("fuzz", deadline=None, derandomize=False, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "project"))
