"""The figures issue 13 asks of the listening bench, per set (tuning-side synthetic,
held-out, real people) and noise level: what a listener gets, not what the recognizer
scores.

- ``right_branch``: the right branch after confirmation, with a listener who confirms
  truthfully (accepted right + confirmed right, over the answers where a branch was taken:
  a refused confirmation or a rejection asks again);
- ``wrong_label_accepted``: answers accepted with a wrong label, over all answers;
  ``wrong_after_refusal``: answers checked with a wrong label, refused, and then received
  as an open answer (``Decision.refused``), over all answers: a wrong branch too;
- ``yes_no_swapped``: yes accepted as no or no as yes (a count: the target is none);
- ``off_list_taken``: off-list speech accepted or sent to confirmation, over off-list turns;
- ``own_words_honest``: of the accepted answers whose ``{heard}`` said the listener's own
  words back, those whose every word the listener really said (person changed back:
  "you" for "I"); ``own_words_mirrored``: how many accepted answers that was;
- latency: end of speech → first narrator sample, ours and the baseline's, same run.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from bench_common import p95, spread_ms
from bench_listening_again import second_figures
from bench_listening_clips import NOISE_LEVELS
from bench_listening_report import noise_name
from bench_listening_results import Turn, tally

from voicepiece.listening.base import ACCEPT
from voicepiece.story.model import EXPLAIN, OPEN
from voicepiece.story.wording import normalize

_PERSON = {"i": "P", "me": "P", "you": "P", "my": "PP", "your": "PP", "mine": "PS",
           "yours": "PS", "myself": "PX", "yourself": "PX", "am": "BE", "are": "BE",
           "was": "WAS", "were": "WAS"}


def _tokens(text: str) -> list[str]:
    return [_PERSON.get(w, w) for w in normalize(text).split()]


def honest(mirrored: str, said: str) -> bool:
    """Whether every word of ``mirrored`` is a word of ``said`` (person aside)."""
    return set(_tokens(mirrored)) <= set(_tokens(said))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def honest_figures(turns: Sequence[Turn]) -> dict[str, Any]:
    o = tally(turns, "ours")
    swapped = sum(1 for t in turns if t.ours.zone == ACCEPT
                  and {t.clip.item.truth, t.ours.label} == {"yes", "no"})
    accepted = [t for t in turns if t.ours.zone == ACCEPT]
    own = [t for t in accepted if t.ours.own_words and t.ours.mirrored]
    true = sum(honest(t.ours.mirrored or "", t.clip.item.text) for t in own)
    base = [t.latency("base") for t in turns if t.base is not None]
    ours = [t.latency("ours") for t in turns]
    return {
        "answers": o.on_list, "off_list": o.off_list,
        "right_branch": o.final and round(o.final, 4),
        "right_first_asking": o.first_time and round(o.first_time, 4),
        "asked_again": o.asked_again and round(o.asked_again, 4),
        **second_figures(turns),
        "wrong_label_accepted": _share(o.accept_wrong, o.on_list),
        "wrong_after_refusal": _share(o.refused_wrong, o.on_list),
        "yes_no_swapped": swapped,
        "off_list_taken": _share(o.off_accepted + o.off_confirmed, o.off_list),
        "own_words_honest": _share(true, len(own)),
        "own_words_mirrored": _share(len(own), len(accepted)),
        "latency_ms": spread_ms(ours), "baseline_latency_ms": spread_ms(base),
        "response_latency_ms": spread_ms([t.response_latency() for t in turns]),
    }


BUILT_IN = frozenset({"yes", "no", "unsure"})
CLASSES = ("yes/no/unsure", "own meanings", "questions back", "open answers", "off-list")


def answer_class(truth: str | None) -> str:
    """What kind of thing the listener said, from the label it should get: the built-in
    meanings, a piece's own, a question back, an open answer, or off-list speech — so a
    blind set's misses can be counted by kind without any item being shown."""
    if truth is None:
        return "off-list"
    if truth in BUILT_IN:
        return "yes/no/unsure"
    return {EXPLAIN: "questions back", OPEN: "open answers"}.get(truth, "own meanings")


def honest_by_noise(turns: Sequence[Turn]) -> dict[str, Any]:
    out = {"all": honest_figures(turns)}
    for snr in NOISE_LEVELS:
        part = [t for t in turns if t.clip.snr == snr]
        if part:
            out[noise_name(snr)] = honest_figures(part)
    out["by_class"] = {name: honest_figures(part) for name in CLASSES
                       if (part := [t for t in turns if answer_class(t.clip.item.truth) == name])}
    return out


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:3.0f}%"


def _ms(values: Sequence[float], how: str) -> str:
    if not values:
        return "    -"
    x = statistics.median(values) if how == "median" else p95(values)
    return f"{1000 * x:5.0f}"


def print_honest(title: str, turns: Sequence[Turn]) -> None:
    """One line per noise level (and all) of :func:`honest_figures`."""
    print(f"\n{title}")
    print(f"  {'noise':<7}{'n/off':>7} {'right':>6} {'again':>6} {'wrong':>6} {'swap':>5} "
          f"{'off-l':>6} {'own ok':>7} {'own':>5} {'lat med':>8} {'p95':>6} {'resp med':>9} "
          f"{'p95':>6} {'base med':>9}")
    groups = [(noise_name(s), [t for t in turns if t.clip.snr == s]) for s in NOISE_LEVELS]
    for name, part in [*groups, ("all", list(turns))]:
        if not part:
            continue
        f = honest_figures(part)
        ours = [t.latency("ours") for t in part]
        own = [t.response_latency() for t in part]
        base = [t.latency("base") for t in part if t.base is not None]
        print(f"  {name:<7}{f['answers']:>3}/{f['off_list']:<3} {_pct(f['right_branch']):>6} "
              f"{_pct(f['asked_again']):>6} {_pct(f['wrong_label_accepted']):>6} "
              f"{f['yes_no_swapped']:>5} "
              f"{_pct(f['off_list_taken']):>6} {_pct(f['own_words_honest']):>7} "
              f"{_pct(f['own_words_mirrored']):>5} {_ms(ours, 'median'):>8} "
              f"{_ms(ours, 'p95'):>6} {_ms(own, 'median'):>9} {_ms(own, 'p95'):>6} "
              f"{_ms(base, 'median'):>9}")
    print("  (right: right branch after confirmation, over the answers where a branch was "
          "taken; again: no branch taken, the point asks again / answers; wrong: wrong label "
          "accepted / answers; "
          "swap: yes<->no accepted; off-l: off-list accepted or confirmed; own ok: own words "
          "said back that the listener said; own: accepted answers said back in own words; "
          "latency ms, end of speech -> first narrator sample, the backchannel's where one "
          "was said; resp: -> first sample of the response itself)")
    f = honest_figures(turns)
    if f["second_heard"]:
        print(f"  right after a second asking: {_pct(f['right_after_second'])} of answers "
              f"(right on the first asking, or asked again and right when said plainer; "
              f"{f['second_heard']} of {f['second_due']} asked again heard a second time)")
    for name in CLASSES:
        part = [t for t in turns if answer_class(t.clip.item.truth) == name]
        if part:
            f = honest_figures(part)
            print(f"  {name:<15} {len(part):>4} turns: " + (
                f"off-list taken {_pct(f['off_list_taken'])}" if name == "off-list" else
                f"right {_pct(f['right_branch'])}, asked again {_pct(f['asked_again'])}, "
                f"wrong {_pct(f['wrong_label_accepted'])}" + (
                    f" (and received as open after a refused check "
                    f"{_pct(f['wrong_after_refusal'])})" if f["wrong_after_refusal"] else "")
                + (
                    f", right after a second asking {_pct(f['right_after_second'])}"
                    if f["second_heard"] else "")))
    rules: dict[str, int] = {}
    for t in turns:
        if t.ours.how:
            rules[t.ours.how] = rules.get(t.ours.how, 0) + 1
    if rules:
        print("  decided by: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items(),
                                                                          key=lambda x: -x[1])))
