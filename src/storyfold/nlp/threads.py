"""How many threads the linear algebra library may use.

The brief and the clusterer multiply many small matrices (tens to a few thousand rows).
OpenBLAS's threads cost more to wake than they save at that size, and on a busy 2-core
machine they wait on each other: measured on the seeds, a warm brief took 1.12 s with the
default threads and 0.52 s with one (benchmarks/brief_speed.py, one core busy elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def one_blas_thread() -> Iterator[None]:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
