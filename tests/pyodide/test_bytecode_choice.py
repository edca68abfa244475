"""Which of Pyodide's start-up modules the build ships as bytecode (build_tools/pyodide/runtime.py): the most
compile time spared (the bytecode's size) per byte added on the wire (compressed bytecode less compressed source),
within a budget. Sizes here are made exact: a module's source is empty, its bytecode ``k`` random bytes (which do
not compress) followed by ``m`` zeros (which compress to almost nothing), so it adds about ``k`` bytes and spares
compiling ``k + m``."""

from __future__ import annotations

import random
import zlib

from hypothesis import given
from hypothesis import strategies as st

from build_tools.pyodide.runtime import worth_compiling


def module(seed: int, random_bytes: int, zeros: int) -> bytes:
    return random.Random(seed).randbytes(random_bytes) + bytes(zeros)


def added(sources: dict[str, bytes], bytecode: dict[str, bytes], name: str) -> int:
    return len(zlib.compress(bytecode[f"{name}c"], 9)) - len(zlib.compress(sources[name], 9))


def case(shape: dict[str, tuple[int, int]]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    sources = {f"{name}.py": b"" for name in shape}
    bytecode = {f"{name}.pyc": module(n, *shape[name]) for n, name in enumerate(shape)}
    return sources, bytecode


def test_the_most_compile_time_per_byte_goes_first() -> None:
    # dense: 10 kB added for 10 kB of bytecode; sparse: 2 kB added for 40 kB; middle: 5 kB for 20 kB.
    sources, bytecode = case({"dense": (10_000, 0), "sparse": (2_000, 38_000), "middle": (5_000, 15_000)})
    sparse, middle, dense = (added(sources, bytecode, f"{name}.py") for name in ("sparse", "middle", "dense"))
    assert worth_compiling(sources, bytecode, sparse) == {"sparse.py"}
    assert worth_compiling(sources, bytecode, sparse + middle) == {"sparse.py", "middle.py"}
    assert worth_compiling(sources, bytecode, sparse + middle + dense) == {"sparse.py", "middle.py", "dense.py"}
    assert worth_compiling(sources, bytecode, sparse - 1) == set()


def test_a_module_too_large_for_what_is_left_is_passed_over_for_a_smaller_one() -> None:
    # big is the better buy but does not fit beside sparse; small does.
    sources, bytecode = case({"sparse": (2_000, 38_000), "big": (8_000, 70_000), "small": (1_000, 3_000)})
    sparse, small = added(sources, bytecode, "sparse.py"), added(sources, bytecode, "small.py")
    assert worth_compiling(sources, bytecode, sparse + small) == {"sparse.py", "small.py"}


@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{1,8}", fullmatch=True),
        st.tuples(st.integers(0, 3_000), st.integers(0, 20_000)),
        max_size=8,
    ),
    st.integers(0, 20_000),
)
def test_the_chosen_modules_add_no_more_than_the_budget(shape: dict[str, tuple[int, int]], budget: int) -> None:
    sources, bytecode = case(shape)
    chosen = worth_compiling(sources, bytecode, budget)
    assert chosen <= set(sources)
    assert sum(max(added(sources, bytecode, name), 0) for name in chosen) <= budget
    # Nothing left out would still fit.
    left = budget - sum(max(added(sources, bytecode, name), 0) for name in chosen)
    assert all(added(sources, bytecode, name) > left for name in set(sources) - chosen)
