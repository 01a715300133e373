"""`samverkan demo` as a process: it starts a task worker and the scheduler beside the web
server, starts the worker again when it dies, and SIGTERM stops all of them."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def children(pid: int) -> dict[int, str]:
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(text.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(stat.parent.name)] = cmdline
    return found


def named(pid: int, command: str) -> list[int]:
    return [child for child, cmdline in children(pid).items() if command in cmdline.split()]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads child processes from /proc")
def test_demo_supervises_worker_and_scheduler_and_stops_on_sigterm(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["SAMVERKAN_DATA_DIR"] = str(tmp_path)
    port = free_port()
    demo = subprocess.Popen([sys.executable, "-m", "samverkan.cli", "demo", f"127.0.0.1:{port}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/konto/logga-in/"), 240, "the server")
        worker = wait_for(lambda: named(demo.pid, "db_worker"), 10, "the worker")
        assert wait_for(lambda: named(demo.pid, "scheduler"), 10, "the scheduler")
        os.kill(worker[0], signal.SIGKILL)
        replacement = wait_for(lambda: [p for p in named(demo.pid, "db_worker") if p != worker[0]],
                               15, "a new worker")
        spawned = list(children(demo.pid))
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=30) == 0
        wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in spawned), 15,
                 "the worker and the scheduler to stop")
        assert replacement
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
