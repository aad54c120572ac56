"""The trade-off of the mirror's word floor and quiet-word rule on the turns
``scripts/mirror_trust.py`` replays (``replay --floors``): how many words said back stay,
and how many of those are true, at each floor."""

from __future__ import annotations

from typing import Any

from bench_listening_honest import honest


def print_floors(rows: list[tuple[dict[str, Any], str, str | None, bool, str]]) -> None:
    """Of the words said back now: how many stay, and how many of those are true, at each
    floor on the least sure word (and on Whisper's confidence as a whole)."""
    from voicepiece.listening.transcripts import word_levels, word_probabilities

    said, loud = [], []
    for r, zone, mirrored, own, _ in rows:
        if zone == "accept" and own and mirrored and r["words"]:
            probs = [p for _, p in word_probabilities(r["words"]["pieces"])] or [1.0]
            said.append((honest(mirrored, r["text"]), min(probs), r["words"]["confidence"],
                         r["snr"], r["set"]))
            heard = word_levels(r["words"]["pieces"], r["words"].get("levels", ()))
            if heard:
                loud.append((said[-1][0], min(level for _, level in heard), r["snr"], r["set"]))
    print("\nwords said back, kept at least-sure-word floor w and confidence c: true/kept")
    for c in (0.7, 0.8, 0.9):
        cells = []
        for w in (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            kept = [ok for ok, least, conf, _, _ in said if least >= w and conf >= c]
            cells.append(f"w{w:.1f} {sum(kept)}/{len(kept)}")
        print(f"  c{c:.1f}  " + "  ".join(cells))
    floors = (0.0, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)
    for name, keep in (("clean", lambda s, _: s is None), ("20 dB", lambda s, _: s == 20.0),
                       ("10 dB", lambda s, _: s == 10.0), ("5 dB", lambda s, _: s == 5.0),
                       ("talker", lambda _, n: n == "talker"), ("all", lambda s, n: True)):
        cells = []
        for w in floors:
            kept = [ok for ok, least, _, s, n in said if least >= w and keep(s, n)]
            cells.append(f"w{w:.2f} {sum(kept)}/{len(kept)}")
        print(f"  {name:<6} " + "  ".join(cells))
    if loud:
        print("\nwords said back, kept when no word is quieter than q dB below the loudest")
        for name, keep in (("clean", lambda s, _: s is None), ("20 dB", lambda s, _: s == 20.0),
                           ("10 dB", lambda s, n: s == 10.0 and n != "talker"),
                           ("talker", lambda _, n: n == "talker"), ("all", lambda s, n: True)):
            cells = []
            for q in (99, 16, 14, 12, 11, 10, 9, 8):
                kept = [ok for ok, level, s, n in loud if level >= -q and keep(s, n)]
                cells.append(f"q{q} {sum(kept)}/{len(kept)}")
            print(f"  {name:<6} " + "  ".join(cells))
