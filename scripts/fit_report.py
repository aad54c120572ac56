"""The held-out report of scripts/fit-verifier: per noise level, grammar and voice, the
confusions, one reprompt of rejected answers, and the real human recordings (never fitted
on) when they are present."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from fit_clips import CONDITIONS, Clip, condition_name, grammar_groups
from fit_model import Row, decided, decode_all, right_of, rows_from, score, tally, zone_of
from human_speech import OWN_FOLDER, SHARED_FOLDER, human_folder, read_wav_16k, recordings

from voicepiece.listening import listener_voices as lv
from voicepiece.listening import recognizer as rec
from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT, Thresholds
from voicepiece.listening.verifier import Verifier

"""Real people's recordings (a Speech Commands sample), beside the repository."""


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def report_table(rows: Sequence[Row], t: Thresholds) -> dict[str, dict[str, float]]:
    print(f"{'condition':>10} {'answers':>7} {'grammar':>8} {'one-shot':>8} {'acc.wrong':>9} "
          f"{'confirm':>8} {'reject':>7} {'final':>7} {'strict':>7} | {'off-list':>8} "
          f"{'accepted':>8} {'confirmed':>9} | silence answered")
    out = {}
    parts = [(condition_name(c), [r for r in rows if r.clip.snr == c]) for c in CONDITIONS]
    for name, part in [*parts, ("all", list(rows))]:
        s = tally(part, t)
        out[name] = {k: round(v, 4) for k, v in s.items()}
        print(f"{name:>10} {s['answers']:7d} {pct(s['grammar']):>8} {pct(s['one_shot']):>8} "
              f"{pct(s['accepted_wrong']):>9} {pct(s['confirm']):>8} {pct(s['reject']):>7} "
              f"{pct(s['final']):>7} {pct(s['final_strict']):>7} | {s['off_list']:8d} "
              f"{pct(s['off_accepted']):>8} {pct(s['off_confirmed']):>9} | "
              f"{pct(s['silence_answered'])}")
    return out


def report_groups(rows: Sequence[Row], t: Thresholds) -> dict[str, dict[str, float]]:
    groups = grammar_groups()
    out = {}
    print(f"\n{'grammar (points)':<44} {'answers':>7} {'grammar':>8} {'one-shot':>8} "
          f"{'confirm':>8} {'final':>7} {'off acc.':>8}")
    for group, (points, _) in groups.items():
        s = tally([r for r in rows if r.clip.group == group], t)
        out[group] = {k: round(v, 4) for k, v in s.items()}
        name = f"{group} ({len(points)} point{'s' if len(points) > 1 else ''})"
        print(f"{name:<44} {s['answers']:7d} {pct(s['grammar']):>8} {pct(s['one_shot']):>8} "
              f"{pct(s['confirm']):>8} {pct(s['final']):>7} {pct(s['off_accepted']):>8}")
    return out


def report_voices(rows: Sequence[Row], t: Thresholds) -> dict[str, float]:
    out = {}
    print(f"\n{'voice':<30} {'answers':>7} {'grammar':>8} {'one-shot':>8} {'confirm':>8} "
          f"{'final':>7}")
    for voice in lv.LISTENER_VOICES:
        s = tally([r for r in rows if r.clip.voice == voice.name], t)
        if not s["answers"]:
            continue
        out[voice.name] = round(s["final"], 4)
        print(f"{voice.name:<30} {s['answers']:7d} {pct(s['grammar']):>8} "
              f"{pct(s['one_shot']):>8} {pct(s['confirm']):>8} {pct(s['final']):>7}")
    return out


def report_confusions(rows: Sequence[Row], t: Thresholds) -> list[str]:
    wrong: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        d = decided(r, t)
        if r.clip.kind == "answer" and d.label and not d.right and zone_of(r, t) == ACCEPT:
            wrong[(f"{r.clip.text} ({r.clip.truth})", d.label)] += 1
        if r.clip.kind == "off-list" and zone_of(r, t) == ACCEPT:
            wrong[(f"{r.clip.text} (off-list)", d.label or "-")] += 1
    lines = [f"{said} -> {label} x{n}" for (said, label), n in
             sorted(wrong.items(), key=lambda kv: -kv[1])]
    print("\naccepted wrongly (held-out):")
    for line in lines[:25]:
        print("  " + line)
    return lines


def report_reprompt(test: Sequence[Row], model: Verifier, t: Thresholds,
                    jobs: int) -> dict[str, float]:
    """Final accuracy when a rejected answer is followed by the piece's "unclear" reprompt
    and the listener says the same words again (same voice, same noise level, new noise)."""
    answers = [r for r in test if r.clip.kind == "answer"]
    again = [r for r in answers if zone_of(r, t) == REJECT]
    retries = [Clip(r.clip.group, r.clip.text, r.clip.truth, r.clip.kind, r.clip.voice,
                    r.clip.snr, r.clip.seed + 1_000_000) for r in again]
    second = rows_from(decode_all(retries, jobs, keep_audio=False)) if retries else []
    score(second, model)
    rescued = {id(r): zone_of(s, t) == CONFIRM or (zone_of(s, t) == ACCEPT and right_of(s, t))
               for r, s in zip(again, second, strict=True)}
    out = {}
    print("\nafter one reprompt of rejected answers (held-out):")
    for c in CONDITIONS:
        part = [r for r in answers if r.clip.snr == c]
        first = tally(part, t)["final"] * len(part)
        saved = sum(rescued.get(id(r), False) for r in part)
        out[condition_name(c)] = round((first + saved) / max(len(part), 1), 4)
        print(f"  {condition_name(c):>6}: final {pct(out[condition_name(c)])} "
              f"({len([r for r in part if id(r) in rescued])} answers asked again)")
    return out


def report_human(model: Verifier, t: Thresholds) -> dict[str, float]:
    answers = grammar_groups()["she_listens"][1]
    where = human_folder()
    if where is None:
        print(f"\nhuman recordings: not found at {SHARED_FOLDER} or {OWN_FOLDER}")
        return {}
    folder, which = where
    clips = recordings(folder, answers)
    print(f"\nhuman recordings: {len(clips)} from {folder} ({which})")
    zones: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    accepted_wrongly: dict[str, int] = defaultdict(int)
    for path, words, expected, kind in clips:
        audio = read_wav_16k(folder / path)
        if audio is None:
            continue
        found = rec.analyse(lv.add_noise(audio, None, 1), answers)
        if found.label is None or found.features is None:
            zone = REJECT
        else:
            zone = t.zone(model.probability(found.features))
        right = expected is not None and found.label == expected
        zones[kind].append((zone, right))
        if zone == ACCEPT and not right:
            accepted_wrongly[f"{words} -> {found.phrase}"] += 1
    out = {}
    print("\nhuman recordings at a yes/no point (not used for fitting):")
    for kind, got in zones.items():
        n = len(got)
        accepted = sum(z == ACCEPT for z, _ in got)
        confirmed = sum(z == CONFIRM for z, _ in got)
        key = kind.replace(" ", "_").replace("/", "_")
        if kind in ("yes/no", "other answer"):
            right = sum(ok and z != REJECT for z, ok in got)
            one_shot = sum(ok and z == ACCEPT for z, ok in got)
            out.update({f"human_{key}": n, f"human_{key}_right": right / n,
                        f"human_{key}_one_shot": one_shot / n})
            print(f"  {n} {kind} clips: right label accepted or confirmed {pct(right / n)}, "
                  f"accepted right {pct(one_shot / n)}")
        else:
            out[f"human_{key}_accepted"] = accepted / n
            print(f"  {n} {kind} clips: accepted {pct(accepted / n)}, "
                  f"confirmed {pct(confirmed / n)}")
    print("  accepted wrongly: " + ", ".join(
        f"{k} x{v}" if v > 1 else k for k, v in sorted(accepted_wrongly.items())))
    return out
