"""Mastering a session's audio: one finished file for archives, catalogues and podcasts.

``master()`` takes a session track (``session.wav``: mono, 16-bit, 22050 Hz) and writes a
finished copy in one of :data:`FORMATS`:

1. an optional ambient bed is looped under the whole session, set ``bed_gain_db`` below
   the narration's loudness and faded in and out;
2. short fades open and close the programme;
3. the loudness of that mix is measured per ITU-R BS.1770 (ffmpeg's ``ebur128`` filter)
   and one constant gain brings it to ``target_lufs``: what ffmpeg's two-pass
   ``loudnorm`` does in ``linear=true`` mode, without its 192 kHz round trip. Speech from
   espeak-ng peaks ~21 dB above its loudness, more than the 15 dB that −16 LUFS under
   −1 dBTP leaves, so a gain alone rarely reaches the target. There a look-ahead peak
   limiter (``alimiter``) holds the peaks under the ceiling, and the gain that lands on
   the target through it is found by measuring (``loudnorm`` would fall back to its
   dynamic mode: ~0.5–1 LU off, and four times slower);
4. the result is encoded at the source's sample rate with title and chapters, measured
   from what was written (MP3 and Ogg decoded again: their codecs raise the peaks) —
   rendered once more if it went over — and renamed into place, readable by its owner
   only.

Every ffmpeg run goes through :mod:`voicepiece.archive.ffmpeg`: quiet, with a timeout, and
failing as one line; chapters and the title are written by :mod:`voicepiece.archive.chapters`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from voicepiece.archive import ffmpeg
from voicepiece.archive.chapters import Chapter, add_cue_points, checked_chapters, ffmetadata
from voicepiece.archive.ffmpeg import measure_loudness
from voicepiece.errors import VoicepieceError
from voicepiece.files import atomic_path, private_dir, scratch_dir

__all__ = ["CHAPTER_FORMATS", "FORMATS", "Chapter", "MasterSettings", "Mastered", "master",
           "measure_loudness"]

log = logging.getLogger(__name__)

FORMATS = ("wav", "flac", "mp3", "ogg")
CHAPTER_FORMATS = FORMATS
"""Formats that carry chapters ``ffprobe -show_chapters`` reads back: MP3 as ID3v2 CHAP
frames (ffmpeg writes them), FLAC and Ogg as CHAPTERnnn Vorbis comments (ffmpeg writes
them only given as tags), WAV as RIFF cue points with labels (ffmpeg 5.1 cannot write
them: :func:`~voicepiece.archive.chapters.add_cue_points` appends them)."""

_ENCODERS = {
    "wav": ["-c:a", "pcm_s16le"],
    "flac": ["-c:a", "flac", "-compression_level", "5"],
    "mp3": ["-c:a", "libmp3lame", "-q:a", "2", "-id3v2_version", "3"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "5"],
}
_LOSSY = ("mp3", "ogg")
_MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)

# The limiter holds sample peaks; the true peak (between samples, and after a lossy codec)
# lands higher. Measured on espeak speech at 22050 Hz: +0.2–0.3 dB between samples,
# ~+0.1 more from LAME V2, +0.5 to +1.3 from Vorbis q5. The ceilings below leave that room;
# a master that still goes over is limited again from its measured overshoot.
_LIMIT_MARGIN = {"wav": 0.5, "flac": 0.5, "mp3": 0.8, "ogg": 1.5}
_LIMITER = "alimiter=limit={limit:.6f}:attack=5:release=50:level=false:latency=true"
_MAX_LIMITING = 12.0  # dB of gain above the linear gain the search may try

LOUDNESS_TOLERANCE = 0.5
"""LU from the target beyond which a master carries a warning."""
PEAK_TOLERANCE = 0.1
"""dB over the true-peak ceiling tolerated before a master is rendered again."""
_AIM = 0.2  # LU: a limited master further than this from the target is rendered again
_RENDERS = 3  # at most: a master over its ceiling after this is reported, not hidden
BED_FADE = 3.0
"""Seconds over which the bed fades in and out (at most a third of the session)."""


@dataclass(frozen=True)
class MasterSettings:
    target_lufs: float = -16.0
    true_peak: float = -1.0
    fade_in: float = 0.5
    fade_out: float = 1.5
    bed: Path | None = None
    bed_gain_db: float = -22.0
    limiter: bool = True
    """Hold the peaks under ``true_peak`` with a limiter when a gain alone cannot reach
    ``target_lufs``. Off: the gain stops where the peaks meet the ceiling, and the master
    comes out quieter than the target, with a warning."""


@dataclass(frozen=True)
class Mastered:
    path: Path
    format: str
    integrated_lufs: float
    true_peak_db: float
    duration: float
    gain_db: float = 0.0
    """The gain applied to the mix, ahead of the limiter if there is one."""
    peak_reduction_db: float = 0.0
    """The most the limiter took off the peaks. 0 when the gain alone reached the target
    (what loudnorm calls linear normalization)."""
    chapters: int = 0
    """Chapters stored in the file (a WAV's as cue points)."""
    warnings: tuple[str, ...] = ()
    """Why this master is not what was asked for, if it is not (also logged)."""

    @property
    def linear(self) -> bool:
        return self.peak_reduction_db == 0.0


# --- the mix ------------------------------------------------------------------------------

def _output_rate(fmt: str, rate: int) -> int:
    if fmt != "mp3" or rate in _MP3_RATES:
        return rate
    return next((r for r in _MP3_RATES if r >= rate), 48000)


def _gain_chain(gain: float, limit: float | None) -> str:
    """The mix, its gain, and the limiter holding its sample peaks under ``limit`` dBFS."""
    chain = f"[mix]volume={gain:.4f}dB"
    if limit is not None:
        chain += "," + _LIMITER.format(limit=10 ** (limit / 20))
    return chain


@dataclass(frozen=True)
class _Mix:
    """The programme before its gain: the session, the bed under it, the fades."""

    source: ffmpeg.Source
    settings: MasterSettings
    bed: Path | None = None  # one loop of the bed, already at the session's rate and layout
    bed_volume: float = 0.0  # dB

    @property
    def inputs(self) -> list[str]:
        args = ["-i", str(self.source.path)]
        if self.bed is not None:
            args += ["-stream_loop", "-1", "-i", str(self.bed)]
        return args

    def graph(self) -> str:
        """A filtergraph ending in the label ``[mix]``, 32-bit float."""
        src, s, d = self.source, self.settings, self.source.duration
        fmt = (f"aformat=sample_fmts=flt:sample_rates={src.rate}:"
               f"channel_layouts={ffmpeg.layout(src.channels)}")
        fade_in = max(0.0, min(s.fade_in, d / 2))
        fade_out = max(0.0, min(s.fade_out, d - fade_in))
        fades = [f"afade=t=in:st=0:d={fade_in:.4f}"] if fade_in > 0 else []
        if fade_out > 0:
            fades.append(f"afade=t=out:st={d - fade_out:.4f}:d={fade_out:.4f}")
        tail = ",".join(fades) or "anull"
        if self.bed is None:
            return f"[0:a:0]{fmt},{tail}[mix]"
        fade = min(BED_FADE, d / 3)
        bed = (f"[1:a:0]{fmt},atrim=duration={d:.6f},asetpts=N/SR/TB,"
               f"volume={self.bed_volume:.3f}dB,afade=t=in:st=0:d={fade:.4f},"
               f"afade=t=out:st={d - fade:.4f}:d={fade:.4f}[bed]")
        return (f"[0:a:0]{fmt}[voice];{bed};"
                f"[voice][bed]amix=inputs=2:duration=first:normalize=0,{tail}[mix]")

    def measure(self, gain: float = 0.0, limit: float | None = None,
                peak: str = "true") -> ffmpeg.Measure:
        graph = f"{self.graph()};{_gain_chain(gain, limit)},{ffmpeg.meter(peak)}[m]"
        out = ffmpeg.run([*self.inputs, "-filter_complex", graph, "-map", "[m]",
                          "-f", "null", "-"],
                         f"mastering {self.source.path}", ffmpeg.time_limit(self.source.duration))
        return ffmpeg.parse_meter(out, str(self.source.path))


def _with_bed(mix: _Mix, bed: Path, scratch: Path, warnings: list[str]) -> _Mix:
    """The mix with the bed ``bed_gain_db`` under the narration's loudness. One loop of the
    bed (at most the session's length) is converted to the session's rate and layout
    once, and measured on the way, while the narration is measured alongside."""
    src, settings = mix.source, mix.settings
    seconds = min(ffmpeg.probe(bed, "bed").duration, src.duration)
    loop = scratch / "bed.wav"
    fmt = (f"aformat=sample_fmts=flt:sample_rates={src.rate}:"
           f"channel_layouts={ffmpeg.layout(src.channels)}")

    def convert() -> ffmpeg.Measure:
        graph = f"[0:a:0]{fmt},asplit=2[out][tee];[tee]{ffmpeg.meter('none')}[m]"
        out = ffmpeg.run(["-t", f"{seconds:.3f}", "-i", str(bed), "-filter_complex", graph,
                          "-map", "[out]", "-c:a", "pcm_f32le", "-f", "wav", "-y", str(loop),
                          "-map", "[m]", "-f", "null", "-"], f"reading the bed {bed}",
                         ffmpeg.time_limit(seconds))
        return ffmpeg.parse_meter(out, str(bed))

    with ThreadPoolExecutor(max_workers=2) as pool:
        voice = pool.submit(ffmpeg.measure_file, src.path, src.duration, str(src.path), "none")
        ambience = pool.submit(convert)
        voice_lufs, bed_lufs = voice.result().integrated, ambience.result().integrated
    if bed_lufs <= ffmpeg.SILENT_LUFS:
        warnings.append(f"the bed {bed} is silent: nothing mixed under the session")
        return mix
    reference = voice_lufs if voice_lufs > ffmpeg.SILENT_LUFS else settings.target_lufs
    return replace(mix, bed=loop, bed_volume=reference + settings.bed_gain_db - bed_lufs)


# --- mastering ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    gain: float
    limit: float | None = None  # the limiter's ceiling, dBFS; None: no limiter
    peak: float = -math.inf  # sample peak of the mix after the gain, before any limiter
    slope: float = 1.0  # LU of loudness per dB of gain, through the limiter
    silent: bool = False

    @property
    def reduction(self) -> float:
        return max(0.0, self.peak - self.limit) if self.limit is not None else 0.0


def master(source: Path, out: Path, fmt: str, chapters: Sequence[Chapter] = (),
           settings: MasterSettings = MasterSettings(), title: str | None = None) -> Mastered:
    """Write a mastered copy of ``source`` to ``out`` in ``fmt`` (see the module's
    docstring). The figures returned are measured from the file written."""
    source, out = Path(source), Path(out)
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise VoicepieceError(f"cannot master to {fmt!r}: the formats are "
                              f"{', '.join(FORMATS)}")
    if not -70 <= settings.target_lufs <= -5 or not -9 <= settings.true_peak <= 0:
        raise VoicepieceError("mastering targets out of range: loudness -70 to -5 LUFS, "
                              "true peak -9 to 0 dBTP")
    ffmpeg.program("ffmpeg")
    src = ffmpeg.probe(source, "session audio")
    warnings: list[str] = []
    kept = checked_chapters(chapters, src.duration, warnings)
    if not out.parent.is_dir():
        private_dir(out.parent)
    rate = _output_rate(fmt, src.rate)
    with scratch_dir(out.parent, "master") as scratch:  # the bed and metadata, beside out
        mix = _Mix(src, settings)
        if settings.bed is not None:
            mix = _with_bed(mix, Path(settings.bed), Path(scratch), warnings)
        plan = _plan(mix, fmt, settings, warnings)
        meta = Path(scratch) / "metadata.txt"
        meta.write_text(ffmetadata(fmt, title, kept, src.duration), encoding="utf-8")
        with atomic_path(out) as tmp:
            plan, result = _render_checked(mix, fmt, plan, settings, rate, meta, tmp)
            if fmt == "wav" and kept:
                add_cue_points(tmp, kept, rate)

    target, ceiling = settings.target_lufs, settings.true_peak
    if not plan.silent and abs(result.integrated - target) > LOUDNESS_TOLERANCE:
        warnings.append(f"{out.name} measures {result.integrated:.1f} LUFS, "
                        f"{result.integrated - target:+.1f} LU from the target")
    if result.peak > ceiling + PEAK_TOLERANCE:
        warnings.append(f"{out.name} peaks at {result.peak:.1f} dBTP, over {ceiling:g}")
    for warning in warnings:
        log.warning("%s", warning)
    if plan.reduction > 0:
        log.info("%s: peaks limited by up to %.1f dB to reach %g LUFS", out.name,
                 plan.reduction, target)
    return Mastered(path=out, format=fmt, integrated_lufs=result.integrated,
                    true_peak_db=result.peak, duration=result.samples / rate,
                    gain_db=round(plan.gain, 2), peak_reduction_db=round(plan.reduction, 2),
                    chapters=len(kept), warnings=tuple(warnings))


def _plan(mix: _Mix, fmt: str, settings: MasterSettings, warnings: list[str]) -> _Plan:
    """Measure the mix (loudness and sample peak: the true peak is measured on the master)
    and choose its gain: a gain alone where the peaks allow, else through the limiter."""
    measured = mix.measure(peak="sample")
    target = settings.target_lufs
    if measured.integrated <= ffmpeg.SILENT_LUFS:
        why = ("is shorter than the 0.4 s a loudness measurement needs"
               if mix.source.duration < 0.4 else "is silent")
        warnings.append(f"{mix.source.path} {why}: left at its own level, not {target:g} LUFS")
        return _Plan(0.0, silent=True)
    gain = target - measured.integrated
    limit = settings.true_peak - _LIMIT_MARGIN[fmt]
    over = measured.peak + gain - limit
    if over <= 0:
        return _Plan(gain, peak=measured.peak + gain)
    if not settings.limiter:
        warnings.append(f"a gain alone cannot reach {target:g} LUFS under "
                        f"{settings.true_peak:g} dBTP (the peaks stand "
                        f"{measured.peak - measured.integrated:.1f} dB above the loudness): "
                        f"{over:.1f} LU short, with the limiter off")
        return _Plan(gain - over, peak=limit)
    gain, slope = _find_gain(mix, target, gain, limit)
    return _Plan(gain, limit, measured.peak + gain, slope)


def _find_gain(mix: _Mix, target: float, start: float, limit: float) -> tuple[float, float]:
    """The gain that lands on ``target`` through the limiter, and how many LU loudness
    moves per dB of gain there. Limiting takes ~1 LU off espeak speech; loudness against
    gain is smooth and nearly straight, so two trials (run at once, loudness only)
    interpolated get within ~0.1 LU."""
    gains = (start + 1.0, start + 2.0)
    with ThreadPoolExecutor(max_workers=2) as pool:
        levels = list(pool.map(lambda g: mix.measure(g, limit, peak="none").integrated,
                               gains))
    slope = min(1.0, max(0.2, (levels[1] - levels[0]) / (gains[1] - gains[0])))
    gain = gains[0] + (target - levels[0]) / slope
    return min(gain, start + _MAX_LIMITING), slope


def _render_checked(mix: _Mix, fmt: str, plan: _Plan, settings: MasterSettings, rate: int,
                    meta: Path, tmp: Path) -> tuple[_Plan, ffmpeg.Measure]:
    """Render and measure what was written; render again, up to ``_RENDERS`` times in all,
    while the true peak is over the ceiling (between samples, or in a lossy codec), and
    once if a limited master missed its loudness. One correction was not always enough:
    in a gallery soak 6 of 64 masters still peaked 0.2-0.6 dB over after it."""
    result = _render(mix, fmt, plan, rate, meta, tmp)
    for attempt in range(_RENDERS - 1):
        if plan.silent:
            break
        over = result.peak - settings.true_peak
        miss = settings.target_lufs - result.integrated
        if over > PEAK_TOLERANCE and not settings.limiter:
            plan = replace(plan, gain=plan.gain - over - 0.1, peak=plan.peak - over - 0.1)
        elif over > PEAK_TOLERANCE:
            lower = over + 0.1
            limit = (plan.limit if plan.limit is not None else plan.peak) - lower
            log.info("%s: %s true peak %.2f dBTP, over %g: limiting %.2f dB lower",
                     mix.source.path, fmt, result.peak, settings.true_peak, lower)
            plan = replace(plan, limit=limit)
        elif attempt == 0 and plan.limit is not None and abs(miss) > _AIM:
            step = miss / plan.slope  # once: a later render is only to bring a peak down
            plan = replace(plan, gain=plan.gain + step, peak=plan.peak + step)
        else:
            break
        result = _render(mix, fmt, plan, rate, meta, tmp)
    return plan, result


def _render(mix: _Mix, fmt: str, plan: _Plan, rate: int, meta: Path,
            tmp: Path) -> ffmpeg.Measure:
    """Encode the programme to ``tmp`` with its metadata; its measurement, as written."""
    what = f"mastering {mix.source.path}"
    lossless = fmt not in _LOSSY
    chain = (f"{_gain_chain(plan.gain, plan.limit)},aformat="
             f"sample_fmts={'s16' if lossless else 'flt'}:sample_rates={rate}:"
             f"channel_layouts={ffmpeg.layout(mix.source.channels)}")
    if lossless:  # the samples written are these: measure them on the way out
        graph = f"{mix.graph()};{chain},asplit=2[out][tee];[tee]{ffmpeg.meter(count=True)}[m]"
    else:
        graph = f"{mix.graph()};{chain}[out]"
    meta_input = "2" if mix.bed is not None else "1"
    args = [*mix.inputs, "-f", "ffmetadata", "-i", str(meta), "-filter_complex", graph,
            "-map", "[out]", "-map_metadata", meta_input, "-map_chapters", meta_input,
            *_ENCODERS[fmt], "-fflags", "+bitexact", "-flags:a", "+bitexact",
            "-f", fmt, "-y", str(tmp)]
    if lossless:
        args += ["-map", "[m]", "-f", "null", "-"]
    stdout = ffmpeg.run(args, what, ffmpeg.time_limit(mix.source.duration))
    if lossless:
        return ffmpeg.parse_meter(stdout, what)
    return ffmpeg.measure_file(tmp, mix.source.duration, what)
