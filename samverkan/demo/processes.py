"""The demo's background processes: task workers and the scheduler beside the web server,
restarted when one dies, stopped with the demo (Ctrl+C or SIGTERM)."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading

logger = logging.getLogger(__name__)

COMMANDS = {
    "db_worker": [sys.executable, "-m", "samverkan.cli", "db_worker"],
    "scheduler": [sys.executable, "-m", "samverkan.cli", "scheduler"],
}


class Supervisor:
    """Keeps one process per command running until `stop()`."""

    def __init__(self, commands: dict[str, list[str]], poll: float = 1.0):
        self.commands = commands
        self.poll = poll
        self.processes: dict[str, subprocess.Popen] = {}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)

    def start(self) -> None:
        for name in self.commands:
            self._spawn(name)
        self._thread.start()

    def _spawn(self, name: str) -> None:
        self.processes[name] = subprocess.Popen(self.commands[name])

    def _watch(self) -> None:
        while not self._stopping.wait(self.poll):
            for name, process in list(self.processes.items()):
                if process.poll() is not None and not self._stopping.is_set():
                    logger.warning("%s stopped (status %s); starting it again", name,
                                   process.returncode)
                    self._spawn(name)

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def stop_on_sigterm() -> None:
    """SIGTERM ends the server as Ctrl+C does, so the `finally` that stops the workers runs
    (Python's default for SIGTERM ends the process on the spot)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
