"""Suite-wide settings."""

from hypothesis import settings

# No per-example deadline: CI machines are shared and slow at times, and speed is measured in benchmarks/,
# never asserted in tests. Examples are derandomized so that a failure in CI reproduces locally.
settings.register_profile("project", deadline=None, derandomize=True, max_examples=100)
settings.load_profile("project")
