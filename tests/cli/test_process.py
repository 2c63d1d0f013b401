"""The real process: python -m aidcalc, Ctrl-C, a reader that goes away, no tracebacks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from helpers import DATA, ROOT


def aidcalc(*args: str, **kwargs) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "aidcalc", *args],
        env=env,
        stdin=kwargs.pop("stdin", subprocess.DEVNULL),
        stdout=kwargs.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_python_dash_m_works() -> None:
    p = aidcalc("total", str(DATA / "2018.csv"), "--format", "csv")
    out, err = p.communicate(timeout=60)
    assert (p.returncode, out, err) == (0, b"rows,total\n2,2831000000\n", b"")


def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("amount\n1.234,56\n")
    p = aidcalc("total", str(path))
    out, err = p.communicate(timeout=60)
    assert p.returncode == 2 and out == b""
    assert err.decode().count("\n") == 1 and b"Traceback" not in err


def test_check_exit_status_survives_the_process() -> None:
    p = aidcalc("check", str(DATA / "claims-2018.csv"), "--format", "csv")
    p.communicate(timeout=60)
    assert p.returncode == 1


def test_ctrl_c_exits_130_with_one_line_and_no_traceback() -> None:
    """Also issue 10 item 25: Ctrl-C printed an empty line and then `aidcalc: interrupted`."""
    p = aidcalc("summary", "-", stdin=subprocess.PIPE)
    assert p.stdin is not None
    p.stdin.write(b"amount\n1\n")
    p.stdin.flush()
    time.sleep(2.0)  # let it start and block on stdin
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert out == b"" and b"Traceback" not in err and b"interrupted" in err
    assert err.decode().splitlines() == [err.decode().strip()], err
    assert err.startswith(b"aidcalc"), err


def test_closed_stdout_is_quiet() -> None:
    r, w = os.pipe()
    p = aidcalc("summary", "-", "--by", "g", "--format", "csv", stdin=subprocess.PIPE, stdout=w)
    os.close(w)
    os.close(r)  # the reader goes away before aidcalc writes anything
    rows = "".join(f"g{i},{i}\n" for i in range(5000))
    _, err = p.communicate(input=("g,amount\n" + rows).encode(), timeout=60)
    assert b"Traceback" not in err and b"Exception" not in err, err
    assert p.returncode == 0


def test_head_closing_the_pipe_is_quiet() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rows = "".join(f"g{i},{i}\n" for i in range(20000))
    cmd = f'"{sys.executable}" -m aidcalc total - --by g --format csv | head -1'
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", cmd],
        input=("g,amount\n" + rows).encode(),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.stdout == b"level,g,rows,total\n"
    assert done.stderr == b"", done.stderr
