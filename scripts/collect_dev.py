#!/usr/bin/env python3
"""Hear every development set once into the user cache, so that the replays the listening
work is judged on (again_causes.py, v5_dev.py, mirror_trust.py, bench_meanings_*.py,
bench_offlist.py, bench_questions_back.py, refusals and meanings_why) work on a new
machine.

    PYTHONPATH=.:scripts python scripts/collect_dev.py [--list] [--only NAME ...]

Each set is heard by the real default ear (Kokoro, espeak-ng and flite voices, the bench's
noises) and written turn by turn, so a run that stops — ^C, a crash, a full disk — resumes
where it stopped when run again: every collect skips the turns its cache already holds.
On this project's 2-core machine the whole takes hours (issue 13's eighteenth pass found a
new machine without any of them, and the development halves of the last table could not
be replayed), most of it speech synthesis, which also fills the voices' caches for later.
Blind sets are never heard here: they are the lead's, once per pass (bench_listening_blind).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("v5", "v5-dev.jsonl", ("v5_dev.py", "collect")),
    ("dev", "mirror-trust.jsonl", ("mirror_trust.py", "collect", "--dev")),
    ("v3", "mirror-trust.jsonl", ("mirror_trust.py", "collect", "--v3")),
    ("accented", "mirror-trust.jsonl", ("mirror_trust.py", "collect", "--accented")),
    ("talker", "mirror-trust.jsonl", ("mirror_trust.py", "collect", "--talker")),
    ("swap", "swap-check.jsonl", ("swap_check.py", "collect")),
    ("yesno", "yesno-check.jsonl", ("yesno_check.py", "collect")),
    ("meanings-accented", "meanings-accented.jsonl", ("bench_meanings_accented.py", "collect")),
    ("meanings-blends", "meanings-blends.jsonl", ("bench_meanings_blends.py", "collect")),
    ("offlist", "offlist-accented.jsonl", ("bench_offlist.py", "collect")),
    ("addressed", "offlist-addressed.jsonl",
     ("bench_offlist.py", "collect", "--set", "addressed")),
    ("questions-back", "questions-back.jsonl", ("bench_questions_back.py", "collect")),
)
"""(name, the cache it fills, the collect that fills it): the development sets, smallest
risk first — v5 and the ear development set are what again_causes replays most."""

SCRIPTS = Path(__file__).resolve().parent


def _cached_turns(name: str) -> int:
    from voicepiece.files import cache_home

    path = Path(cache_home()) / name
    if not path.is_file():
        return 0
    with path.open("rb") as f:
        return sum(1 for _ in f)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true",
                        help="name each set, its cache and how many turns it holds; hear nothing")
    parser.add_argument("--only", nargs="+", choices=[s[0] for s in STEPS], metavar="NAME",
                        help="hear only these sets (default: all, in order)")
    args = parser.parse_args()
    steps = [s for s in STEPS if not args.only or s[0] in args.only]
    if args.list:
        for name, cache, command in steps:
            print(f"{name:<18} {cache:<24} {_cached_turns(cache):>6} turns cached   "
                  f"scripts/{' '.join(command)}")
        return 0
    env = dict(os.environ)
    root = str(SCRIPTS.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, str(SCRIPTS),
                                                    env.get("PYTHONPATH")) if p)
    started = time.monotonic()
    for n, (name, cache, command) in enumerate(steps, 1):
        before = _cached_turns(cache)
        print(f"[{n}/{len(steps)}] {name}: scripts/{' '.join(command)} "
              f"({before} turns already in {cache})", flush=True)
        t0 = time.monotonic()
        try:
            done = subprocess.run([sys.executable, str(SCRIPTS / command[0]), *command[1:]],
                                  env=env, cwd=root)
        except KeyboardInterrupt:
            print(f"collect_dev: stopped in {name}; run it again to resume there",
                  file=sys.stderr)
            return 130
        if done.returncode != 0:
            print(f"collect_dev: {name} failed (exit {done.returncode}); what it heard is "
                  f"kept, run `scripts/collect_dev.py --only {name}` again to resume",
                  file=sys.stderr)
            return 1
        print(f"[{n}/{len(steps)}] {name}: {_cached_turns(cache) - before} turns heard in "
              f"{(time.monotonic() - t0) / 60:.1f} min", flush=True)
    print(f"collect_dev: done in {(time.monotonic() - started) / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
