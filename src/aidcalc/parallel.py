"""A second process for a large input: run a function in a forked child, get its result back.

``Forked(work)`` forks (plain ``os.fork``: the multiprocessing package costs more to import than
this needs); the child runs ``work()``, sends its result or its :class:`AidcalcError` back through
a pipe as a pickle, and exits. ``result()`` waits for it; ``close()`` stops a child still running
when the parent failed first. What to run, and how to split the input, is the caller's
(:mod:`aidcalc.tally`): this module knows nothing above the error type.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Generic, NoReturn, TypeVar

from aidcalc.errors import AidcalcError

__all__ = ["Forked", "available"]

T = TypeVar("T")


def available() -> bool:
    """Whether a second process can help: fork exists, two cores, not ``AIDCALC_WORKERS=1``."""
    if os.environ.get("AIDCALC_WORKERS") == "1":
        return False
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


class Forked(Generic[T]):
    """``work()`` running in a forked child process."""

    def __init__(self, work: Callable[[], T]) -> None:
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read_end)
            _run_child(write_end, work)
        os.close(write_end)
        self.pipe = read_end

    def result(self) -> T:
        """The child's result; its AidcalcError is raised here."""
        import pickle

        with os.fdopen(self.pipe, "rb") as f:
            data = f.read()
        self.pipe = -1
        os.waitpid(self.pid, 0)
        self.pid = 0
        if not data:
            raise AidcalcError("a worker process ended without an answer")
        kind, payload = pickle.loads(data)
        if kind == "ok":
            result: T = payload
            return result
        if kind == "error":
            assert isinstance(payload, AidcalcError)
            raise payload
        raise RuntimeError(f"worker process failed: {payload}")

    def close(self) -> None:
        """Stop the child if it is still running (the parent failed first)."""
        if self.pid:
            import signal

            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1


def _run_child(fd: int, work: Callable[[], Any]) -> NoReturn:
    """In the forked process: run, write the result or the error, and exit."""
    import pickle
    import signal

    answer: tuple[str, Any]
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        answer = ("ok", work())
    except AidcalcError as e:
        answer = ("error", e)
    except BaseException as e:
        answer = ("crash", f"{type(e).__name__}: {e}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)
