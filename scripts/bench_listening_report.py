"""The listening bench's table, definitions, breakdowns and targets, as printed."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from bench_common import p95
from bench_listening_clips import NOISE_LEVELS, ROOT, VOICES
from bench_listening_results import Turn, tally

from voicepiece.listening.base import ACCEPT, CONFIRM, REJECT
from voicepiece.story.model import SILENCE

if TYPE_CHECKING:
    pass

def pct(x: float | None) -> str:
    return "    -" if x is None else f"{100 * x:4.0f}%"


def ms(x: float | None) -> str:
    return "    -" if x is None else f"{1000 * x:5.0f}"


def noise_name(snr: float | None) -> str:
    return "clean" if snr is None else f"{snr:g} dB"


OURS_COLUMNS = (("1-shot", 6), ("final", 6), ("1st", 5), ("conf", 5), ("FA", 5),
                ("lat med", 7), ("p95 ms", 6), ("cpu ms", 6))
BASE_COLUMNS = (("1-shot", 6), ("final", 6), ("1st", 5), ("FA", 5), ("lat med", 7),
                ("p95 ms", 6))


def cells(values: Sequence[str], columns: Sequence[tuple[str, int]]) -> str:
    return " ".join(f"{v.strip():>{width}}" for v, (_, width) in zip(values, columns,
                                                                     strict=True))


def prefix(name: str, noise: str, n: str, off: str) -> str:
    return f"{name:<19} {noise:<6} {n:>3}/{off:<3} "


def header() -> str:
    ours = cells([c for c, _ in OURS_COLUMNS], OURS_COLUMNS)
    base = cells([c for c, _ in BASE_COLUMNS], BASE_COLUMNS)
    top = " " * len(prefix("", "", "", "")) + f"| {'ours':^{len(ours)}} | " \
        f"{'baseline (newcomer)':^{len(base)}}"
    return f"{top}\n{prefix('voice', 'noise', 'n', 'off')}| {ours} | {base}"


def row(name: str, noise: str, turns: Sequence[Turn]) -> str:
    o, b = tally(turns, "ours"), tally(turns, "base")
    ours = cells([pct(o.one_shot), pct(o.final), pct(o.first_time), pct(o.confirm),
                  pct(o.false_accept), ms(o.median()), ms(o.p95()), ms(cpu_median(turns))],
                 OURS_COLUMNS)
    base = cells([pct(b.one_shot), pct(b.final), pct(b.first_time), pct(b.false_accept),
                  ms(b.median()), ms(b.p95())], BASE_COLUMNS) if b.latencies else "(not run)"
    return f"{prefix(name, noise, str(o.on_list), str(o.off_list))}| {ours} | {base}"


def cpu_median(turns: Sequence[Turn]) -> float | None:
    """Ours: the median CPU seconds a turn cost (``Turn.cpu``), None where none was kept."""
    spent = [t.cpu for t in turns if t.cpu is not None]
    return statistics.median(spent) if spent else None


DEFINITIONS = """\
definitions (n = on-list answers, off = off-list phrases; a turn is one answer, heard once):
  1-shot  the first decision alone takes the right branch: accepted with the right label / n
  final   branch accuracy after confirmation, with a listener who confirms truthfully:
          right branches / answers where a branch was taken. Right = accepted right +
          confirmed right (the listener says yes). No branch is taken when a confirmation of
          a wrong label is refused ("caught": the point asks again) or the answer is
          rejected as unclear or not heard ("missed": the point asks again).
  1st     stricter: right branch taken on the first asking (confirmation included) / n
  conf    answers that needed confirmation / n
  FA      off-list speech accepted as an answer / off. Off-list speech that was only
          confirmed (a truthful listener says no) is counted apart, below.
  lat     response latency: the chunk holding the listener's last speech sample fed to the
          listeners -> the first sample of the narrator's response written to the sound
          server (median, p95), over every turn of the row.
  cpu     ours: the bench process's CPU time (all its threads) from the end of speech to the
          response's first sample, median: the turn's cost, whatever share of the cores a
          busy machine gave it (the baseline, in its own process, is not counted).
  The baseline has no confirmation, so its 1-shot equals its 1st; its "unclear" (no phrase
  within difflib ratio 0.6) is a re-ask, like our rejection."""


def report(turns: Sequence[Turn], baseline_ran: bool) -> None:
    print()
    print(header())
    for snr in NOISE_LEVELS:
        for voice in VOICES:
            part = [t for t in turns if t.clip.snr == snr and t.clip.voice == voice]
            if part:
                print(row(voice, noise_name(snr), part))
    print("-" * len(header().splitlines()[1]))
    for snr in NOISE_LEVELS:
        print(row("all voices", noise_name(snr), [t for t in turns if t.clip.snr == snr]))
    print(row("all", "all", turns))
    print()
    print(DEFINITIONS)

    o, b = tally(turns, "ours"), tally(turns, "base")
    print()
    print(f"ours, on-list answers (n={o.on_list}): accepted right {o.accept_right}, accepted "
          f"wrong {o.accept_wrong}, confirmed right {o.confirm_right}, confirmation caught "
          f"a wrong label {o.confirm_wrong}, a wrong label refused and the words then "
          f"received as open (a wrong branch) {o.refused_wrong}, missed (rejected or not "
          f"heard) {o.missed}")
    print(f"ours, off-list (n={o.off_list}): accepted {o.off_accepted}, confirmed (refused "
          f"by the listener) {o.off_confirmed}, rejected "
          f"{o.off_list - o.off_accepted - o.off_confirmed}; listening ended only with the "
          f"stream in {o.ran_out}/{len(turns)} turns")
    if baseline_ran:
        print(f"baseline, on-list: right {b.accept_right}, wrong {b.accept_wrong}, unclear "
              f"{b.missed}; off-list matched to an answer {b.off_accepted}/{b.off_list}; "
              f"listen() returned only when the stream ended (3 s after the speech) in "
              f"{b.ran_out}/{len(turns)} turns")
    breakdown(turns, baseline_ran)
    mistakes(turns)
    targets(turns, baseline_ran)


def breakdown(turns: Sequence[Turn], baseline_ran: bool) -> None:
    """Where the time goes, per noise level: medians from the end of speech."""

    def med(values: Iterable[float]) -> str:
        found = list(values)
        return f"{1000 * statistics.median(found):4.0f}" if found else "   -"

    print("\nwhere the time goes (medians in ms, from the end of speech):")
    for snr in NOISE_LEVELS:
        part = [t for t in turns if t.clip.snr == snr]
        if not part:
            continue
        ended = [t.ours.steps for t in part if "silence" in t.ours.steps]
        short = sum(s["silence"] < 0.5 for s in ended)
        print(f"  ours {noise_name(snr):>6}: speech end noticed (VAD) "
              f"+{med(s['vad_lag'] for s in ended)}, listening ended "
              f"{med(t.ours.listened - t.speech_end for t in part)}, response audio ready "
              f"{med(t.ours.steps['rendered'] - t.speech_end for t in part)}, first sample "
              f"{med(t.latency('ours') for t in part)}; ended after the short silence "
              f"(a whole answer heard) in {short}/{len(ended)} turns")
    if not baseline_ran:
        return
    for snr in NOISE_LEVELS:
        base = [(t.base, t.speech_end) for t in turns if t.clip.snr == snr and t.base]
        if not base:
            continue
        print(f"  baseline {noise_name(snr):>6}: listening ended "
              f"{med(b.listened - end for b, end in base)}, transcript "
              f"{med(b.steps['recognized'] - end for b, end in base)}, response synthesized "
              f"{med(b.steps['synthesized'] - end for b, end in base)}, first sample "
              f"{med(b.first_sample - end for b, end in base)}")


def mistakes(turns: Sequence[Turn]) -> None:
    """Our wrong accepts, caught confirmations and missed answers, one line each."""

    def said(t: Turn) -> str:
        return (f"{t.clip.item.text!r} at {t.clip.item.point} ({t.clip.voice}, "
                f"{noise_name(t.clip.snr)}): heard {t.ours.heard!r}")

    wrong = [t for t in turns if t.ours.zone == ACCEPT
             and (not t.clip.item.on_list or t.ours.label != t.clip.item.truth)]
    caught = [t for t in turns if t.ours.zone == CONFIRM and t.clip.item.on_list
              and t.ours.label != t.clip.item.truth]
    missed = [t for t in turns if t.clip.item.on_list and t.ours.zone in (REJECT, SILENCE)]
    print(f"\nours accepted wrongly: {len(wrong) or 'none'}")
    for t in wrong:
        print(f"  {said(t)} -> {t.ours.label} (truth: {t.clip.item.truth or 'off-list'})")
    print(f"ours confirmed a wrong label (the listener's no catches it): {len(caught) or 'none'}")
    for t in caught:
        print(f"  {said(t)} -> {t.ours.label} (truth: {t.clip.item.truth})")
    print(f"ours missed (rejected or not heard; the point asks again): {len(missed) or 'none'}")
    for t in missed:
        print(f"  {said(t)} (truth: {t.clip.item.truth})")


def targets(turns: Sequence[Turn], baseline_ran: bool) -> None:
    clean = [t for t in turns if t.clip.snr is None]
    noisy = [t for t in turns if t.clip.snr == 10.0]
    o, oc, on = tally(turns, "ours"), tally(clean, "ours"), tally(noisy, "ours")
    b, bc, bn = tally(turns, "base"), tally(clean, "base"), tally(noisy, "base")
    ours_median, base_median = o.median(), b.median()
    speedup = base_median / ours_median if base_median and ours_median else None

    def line(name: str, ours: float | None, ok: Callable[[float], bool], shown: str,
             base: str) -> None:
        verdict = "n/a" if ours is None else "met" if ok(ours) else "NOT MET"
        extra = f"   (baseline {base.strip()})" if baseline_ran else ""
        print(f"  {name:<48} {shown.strip():>9}   {verdict:<7}{extra}")

    print("\ntargets (ours):")
    line("final branch accuracy, clean >= 95%", oc.final, lambda v: v >= 0.95,
         pct(oc.final), pct(bc.final))
    line("final branch accuracy, 10 dB SNR >= 90%", on.final, lambda v: v >= 0.90,
         pct(on.final), pct(bn.final))
    line("confirmation needed for <= 25% of answers", o.confirm, lambda v: v <= 0.25,
         pct(o.confirm), "never confirms")
    line("off-list speech taken as an answer <= 10%", o.false_accept, lambda v: v <= 0.10,
         pct(o.false_accept), pct(b.false_accept))
    line("median response latency <= 0.5 s", ours_median, lambda v: v <= 0.5,
         "-" if ours_median is None else f"{1000 * ours_median:.1f} ms",
         f"{ms(base_median).strip()} ms")
    line("at least 3x faster than the baseline (medians)", speedup, lambda v: v >= 3.0,
         "-" if speedup is None else f"{speedup:.1f}x", "1.0x")
    said_first(turns)
    print(f"  right branch on the first asking (stricter than final): clean "
          f"{pct(oc.first_time).strip()}, 10 dB {pct(on.first_time).strip()}, all "
          f"{pct(o.first_time).strip()}" + (f"   (baseline {pct(bc.first_time).strip()}, "
                                              f"{pct(bn.first_time).strip()}, "
                                              f"{pct(b.first_time).strip()})"
                                              if baseline_ran else ""))


def said_first(turns: Sequence[Turn]) -> None:
    """The response itself, apart from a backchannel said before it, and the head start
    anticipation gave the listener's words."""
    if not turns:
        return
    own = sorted(t.response_latency() for t in turns)
    fillers = sum("backchannel" in t.ours.steps for t in turns)
    leads = sorted(t.ours.steps["words_lead"] for t in turns if "words_lead" in t.ours.steps)
    print(f"  the response itself (after the backchannel where one was said): median "
          f"{1000 * statistics.median(own):.0f} ms, p95 {1000 * p95(own):.0f} ms; "
          f"backchannel said in {fillers}/{len(turns)} turns; the listener's words handed "
          f"to the narrator before the decision in {len(leads)}/{len(turns)}"
          + (f" (lead median {1000 * statistics.median(leads):.0f} ms, min "
             f"{1000 * leads[0]:.0f}, max {1000 * leads[-1]:.0f})" if leads else ""))
    spent = sorted(t.cpu for t in turns if t.cpu is not None)
    if spent:
        print(f"  CPU per turn (the process, end of speech -> the response's first sample): "
              f"median {1000 * statistics.median(spent):.0f} ms, p95 {1000 * p95(spent):.0f} "
              f"ms, max {1000 * spent[-1]:.0f} ms")
    print("  the slowest responses (end of speech -> response ms: turn end, listening "
          "returned, decided, response audio ready; backchannel; words lead; the "
          "decision's decode; CPU):")
    for t in sorted(turns, key=lambda t: -t.response_latency())[:5]:
        s = t.ours.steps
        print(f"    {1000 * t.response_latency():6.0f}: "
              f"{1000 * (s.get('vad_lag', 0) + s.get('silence', 0)):5.0f}, "
              f"{1000 * (t.ours.listened - t.speech_end):5.0f}, "
              f"{1000 * (s['decided'] - t.speech_end):5.0f}, "
              f"{1000 * (s['rendered'] - t.speech_end):5.0f}; "
              f"{'backchannel' if 'backchannel' in s else 'none':<11}; "
              + (f"{1000 * s['words_lead']:4.0f}" if "words_lead" in s else "   -")
              + (f"; {1000 * s['deciding']:4.0f}" if "deciding" in s else "")
              + (f"; cpu {1000 * t.cpu:4.0f}" if t.cpu is not None else "")
              + f"  {t.ours.said!r}")


def fingerprint() -> str:
    """Which version of the listening code ran: a hash of its files, and when the newest
    of them changed (they are being tuned)."""
    import datetime
    import hashlib

    folder = ROOT / "voicepiece" / "listening"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".py", ".json"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()[:10]
    newest = max(p.stat().st_mtime for p in files)
    changed = datetime.datetime.fromtimestamp(newest).strftime("%Y-%m-%d %H:%M")
    return f"{changed} (sha256 {digest} of voicepiece/listening/*.py, *.json)"
