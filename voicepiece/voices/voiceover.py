"""Recorded voice-over: a human recording replaces the synthesizer, line by line.

A piece's recordings live in ``<piece folder>/voiceover/``, one audio file per line named
after the line's ID (``ask.1.wav``), beside a manifest, ``voiceover/lines.csv``: the script
``voicepiece lines export`` writes, kept as the record of the text each recording was made
from. Matching is by ID only, as in Yarn Spinner, and IDs derived from a line's position move
when lines are inserted before it: so the manifest is what lets us notice that ``ask.2.wav``
no longer says what line ``ask.2`` says. Yarn's users complain that this drift goes
unnoticed; here ``voicepiece check`` reports it, and a stale recording is never played.

Template lines (with ``{placeholders}``) speak the listener's own words, which no actor can
have recorded: they are always synthesized.
"""

from __future__ import annotations

import csv
import difflib
import io
import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from voicepiece.audio.levels import AUDIO_SUFFIXES
from voicepiece.errors import EngineMissing, VoicepieceError
from voicepiece.story.model import Line, Piece

if TYPE_CHECKING:
    from pydub import AudioSegment

log = logging.getLogger(__name__)

VOICEOVER_DIR = "voiceover"
MANIFEST = "lines.csv"

COLUMNS = ("id", "node", "text", "placeholders")
"""The script's columns. ``placeholders`` is ``yes`` for template lines: they stay in the
script so an actor reads the scene whole, and the column says not to record them."""

SHARED_NODE = "listening"
"""The ``node`` column of the piece's default ladder lines, which every listening point
shares (their IDs begin ``listening.``): one recording serves them all."""

RECORDED, MISSING, STALE, TEMPLATE, UNVERIFIED = (
    "recorded", "missing", "stale", "template", "unverified")
"""A line's voice-over status. ``unverified``: a recording with no manifest entry, so
nothing says which text it was made from; it is played, and ``check`` warns."""


def _same_text(a: str, b: str) -> bool:
    """Whitespace is layout, not words: re-wrapping a line in YAML does not stale it."""
    return " ".join(a.split()) == " ".join(b.split())


def _brief(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def script_lines(piece: Piece) -> list[tuple[Line, str]]:
    """Every line once per ID, in reading order, with the node it belongs to.

    The default ladders' lines appear at every listening point with one shared ID; they are
    listed once, under :data:`SHARED_NODE`. So is the piece's backchannel ("Hmm."), which
    belongs to no node but is said in the narrator's voice like any other line, first of
    all: a session may need it soonest.
    """
    seen: dict[str, tuple[Line, str]] = {}
    if piece.backchannel is not None:
        seen[piece.backchannel.id] = (piece.backchannel, SHARED_NODE)
    for node in piece.nodes.values():
        for line in node.lines():
            if line.id not in seen:
                shared = line.id.startswith(f"{SHARED_NODE}.")
                seen[line.id] = (line, SHARED_NODE if shared else node.name)
    return list(seen.values())


def export_csv(piece: Piece) -> str:
    """The script for voice actors, which is also the manifest kept beside the recordings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line, node in script_lines(piece):
        writer.writerow((line.id, node, line.text, "yes" if line.is_template else "no"))
    return out.getvalue()


class VoiceOverFileError(VoicepieceError):
    """A voice-over file or folder that cannot be used; names it, and the row if any."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    @property
    def warning(self) -> str:
        """The same problem as one of ``check``'s warnings."""
        return f"{self.where}: warning: {self.reason}"


def read_manifest(path: Path) -> dict[str, str]:
    """The text each recording was made from, by line ID; the first row wins for an ID
    listed twice.

    Raises VoicepieceError naming the file when it cannot be read as a script: a manifest
    that silently failed to load would let every recording play unverified.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise VoiceOverFileError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets add a byte-order mark
    except UnicodeDecodeError:
        raise VoiceOverFileError(str(path), "is not UTF-8 text; re-export it with "
                                 "`voicepiece lines export`") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().lower() for f in reader.fieldnames or ()]
    if "id" not in fields or "text" not in fields:
        raise VoiceOverFileError(str(path), "not a voice-over manifest: it needs the columns "
                                 "id and text (write it with `voicepiece lines export`)")
    reader.fieldnames = fields
    entries: dict[str, str] = {}
    try:
        for row in reader:
            line_id = (row.get("id") or "").strip()
            if line_id and line_id not in entries:
                entries[line_id] = row.get("text") or ""
    except csv.Error as exc:
        raise VoiceOverFileError(f"{path}:{reader.line_num}", f"malformed CSV: {exc}") from None
    return entries


class VoiceOver:
    """A piece's recordings, indexed by line ID.

    Built from a :class:`Piece` or from its folder. The folder is read lazily and once: a
    session asks for every line, and a directory scan per line would be wasteful. Decoded
    audio is not kept: the render cache holds what is played, and a long piece's recordings
    would not fit in memory comfortably.
    """

    def __init__(self, source: Piece | Path | None) -> None:
        folder = source.folder if isinstance(source, Piece) else source
        self.folder: Path | None = folder / VOICEOVER_DIR if folder is not None else None
        self._index: dict[str, Path] | None = None
        self._doubles: dict[str, list[Path]] = {}
        self._manifest: dict[str, str] | None = None
        self._manifest_read = False
        self._told: set[str] = set()

    @property
    def manifest_path(self) -> Path | None:
        return self.folder / MANIFEST if self.folder is not None else None

    @property
    def recordings(self) -> dict[str, Path]:
        """Line ID → recording, for every audio file directly in the voice-over folder."""
        if self._index is None:
            self._index, self._doubles = self._scan()
        return self._index

    @property
    def doubles(self) -> dict[str, list[Path]]:
        """IDs with more than one recording (all of them, the one used first)."""
        self.recordings  # noqa: B018 -- the scan fills both
        return self._doubles

    def _scan(self) -> tuple[dict[str, Path], dict[str, list[Path]]]:
        if self.folder is None or not self.folder.is_dir():
            return {}, {}
        # most preferred first: when one line has two files (a WAV master and an MP3
        # proof, say), the lossless one wins and ``check`` says so
        rank = {suffix: i for i, suffix in enumerate(AUDIO_SUFFIXES)}
        found: dict[str, list[Path]] = {}
        try:
            entries = sorted(self.folder.iterdir())
        except OSError as exc:
            raise VoiceOverFileError(str(self.folder), f"cannot read: {exc.strerror}") from None
        for path in entries:
            suffix = path.suffix.lower()
            if path.name.startswith(".") or suffix not in rank or not path.is_file():
                continue
            found.setdefault(path.name[: -len(suffix)], []).append(path)
        for paths in found.values():
            paths.sort(key=lambda p: rank[p.suffix.lower()])
        index = {line_id: paths[0] for line_id, paths in found.items()}
        doubles = {line_id: paths for line_id, paths in found.items() if len(paths) > 1}
        return index, doubles

    @property
    def manifest(self) -> dict[str, str] | None:
        """The manifest's entries, or None when there is none. Raises VoicepieceError when
        the manifest exists but cannot be read."""
        if not self._manifest_read:
            path = self.manifest_path
            if path is not None and path.exists():
                self._manifest = read_manifest(path)
            self._manifest_read = True
        return self._manifest

    def find(self, line_id: str) -> Path | None:
        """The recording named after this line ID, whatever its text or format."""
        return self.recordings.get(line_id)

    def status(self, line: Line) -> str:
        """How this line will be voiced: one of recorded, missing, stale, template, unverified."""
        path = self.find(line.id)
        if line.is_template:
            return TEMPLATE
        if path is None:
            return MISSING
        manifest = self.manifest
        entry = manifest.get(line.id) if manifest is not None else None
        if entry is None:
            return UNVERIFIED
        return RECORDED if _same_text(entry, line.text) else STALE

    def plays(self, line: Line) -> bool:
        """Whether :meth:`audio` gives a recording for this line (without decoding it):
        what a renderer asks to know which lines it need not synthesize ahead."""
        return self.status(line) in (RECORDED, UNVERIFIED)

    def audio(self, line: Line) -> AudioSegment | None:
        """The recording to play for this line, or None to synthesize it.

        None for a template line (its words are the listener's), for a line with no
        recording, and for a stale one: a recording of other words, usually an ID that moved
        when lines were inserted, must not be played as if it were this line. A recording
        the manifest does not list is played (nothing says it is wrong). A file that cannot
        be decoded raises VoicepieceError naming it.
        """
        status = self.status(line)
        if status == STALE and line.id not in self._told:
            self._told.add(line.id)
            log.warning("voice-over for line '%s' was recorded for other text; synthesizing it "
                        "(run `voicepiece check`)", line.id)
        if status not in (RECORDED, UNVERIFIED):
            return None
        return load_audio(self.recordings[line.id])


def load_audio(path: Path) -> AudioSegment:
    """Decode one recording; every failure is one line naming the file."""
    from pydub import AudioSegment
    from pydub.exceptions import CouldntDecodeError

    suffix = path.suffix.lower()
    if suffix != ".wav" and shutil.which(AudioSegment.converter) is None:
        raise EngineMissing(f"{path}: reading {suffix} recordings needs ffmpeg "
                            "(apt-get install ffmpeg), or record as WAV")
    try:
        with path.open("rb") as fh:  # pydub leaves files it opens itself unclosed
            # WAV is read natively; anything else is left to ffmpeg to recognise, since
            # forcing its format by the suffix fails for .opus and .aif
            segment = AudioSegment.from_file(fh, format="wav" if suffix == ".wav" else None)
    except OSError as exc:
        raise VoiceOverFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except (CouldntDecodeError, EOFError, IndexError, ValueError):
        kind = suffix.lstrip(".").upper()
        raise VoiceOverFileError(str(path), f"cannot decode this recording (corrupt, or not "
                                 f"{kind} audio)") from None
    if len(segment) == 0:
        raise VoiceOverFileError(str(path), "the recording is empty")
    return segment


def _suggest(name: str, ids: list[str], recorded: set[str]) -> str:
    """The ID a misnamed file was most likely meant for: the closest in spelling (case
    aside); on a tie, a line still waiting for its recording, then the earliest line."""
    def score(pair: tuple[int, str]) -> tuple[float, bool, int]:
        index, line_id = pair
        ratio = difflib.SequenceMatcher(None, name.lower(), line_id.lower()).ratio()
        return ratio, line_id not in recorded, -index

    if not ids:
        return ""
    best = max(enumerate(ids), key=score)
    return f" (did you mean '{best[1]}'?)" if score(best)[0] >= 0.6 else ""


def _looks_like_wav(path: Path) -> bool:
    """For ``.wav`` files, whether the header says WAV: catches a truncated or misnamed file
    before a performance does, at the cost of reading 12 bytes. Other formats (and WAV
    encodings pydub cannot read, which ffmpeg still can) are only found out when played."""
    if path.suffix.lower() != ".wav":
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return head[:4] in (b"RIFF", b"RF64", b"BW64") and head[8:12] == b"WAVE"


def _count(n: int, noun: str) -> str:
    """``1 recording`` / ``2 recordings``: warnings are read by people."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _some(items: list[str], most: int = 5) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def voiceover_problems(piece: Piece) -> list[str]:
    """Warnings about the piece's voice-over, as ``file:line: warning: message``.

    Everything that would make a recording silently not match its line: files named after
    no line, recordings made from other text, recordings nothing can vouch for, recordings of
    template lines, two files for one line, empty files and WAV files without a WAV header,
    an unreadable manifest. Nothing is decoded (that would make ``check`` slow on a full
    piece): other damage is reported, naming the file, when the recording is played.
    No voice-over folder, no warnings.
    """
    voiceover = VoiceOver(piece)
    folder, manifest_path = voiceover.folder, voiceover.manifest_path
    if folder is None or manifest_path is None or not folder.is_dir():
        return []
    where = str(piece.path)
    problems: list[str] = []
    try:
        recordings = voiceover.recordings
    except VoiceOverFileError as exc:
        return [exc.warning]
    try:
        manifest = voiceover.manifest
    except VoiceOverFileError as exc:
        problems.append(exc.warning)
        manifest = None

    lines = script_lines(piece)
    unlisted: list[str] = []
    recorded = 0
    for line, _node in lines:
        path = recordings.get(line.id)
        if path is None:
            continue
        if line.is_template:
            problems.append(f"{where}:{line.source_line}: warning: line '{line.id}' has "
                            f"placeholders and is always synthesized; {path} is ignored")
            continue
        recorded += 1
        for extra in voiceover.doubles.get(line.id, [])[1:]:
            problems.append(f"{extra}: warning: line '{line.id}' also has {path.name}, which "
                            "is the one played; this file is ignored")
        if path.stat().st_size == 0:
            problems.append(f"{path}: warning: the recording of line '{line.id}' is empty")
        elif not _looks_like_wav(path):
            problems.append(f"{path}: warning: not a WAV file (no RIFF/WAVE header); playing "
                            f"line '{line.id}' will fail")
        entry = manifest.get(line.id) if manifest is not None else None
        if entry is None:
            unlisted.append(line.id)
        elif not _same_text(entry, line.text):
            problems.append(
                f"{where}:{line.source_line}: warning: line '{line.id}' changed since it was "
                f"recorded: {path.name} says \"{_brief(entry)}\", the piece now says "
                f"\"{_brief(line.text)}\"; it is synthesized until re-recorded")

    ids = [line.id for line, _ in lines]
    known = set(ids)
    for line_id, path in sorted(recordings.items()):
        if line_id not in known:
            hint = _suggest(line_id, ids, set(recordings))
            for stray in voiceover.doubles.get(line_id, [path]):
                problems.append(f"{stray}: warning: no line has the ID '{line_id}'{hint}; "
                                "it is never played")

    export = f"voicepiece lines export {where} --out {manifest_path}"
    if recorded and not manifest_path.exists():
        problems.append(
            f"{manifest_path}: warning: no manifest: nothing records the text of "
            f"{_count(recorded, 'recording')}, so a changed line would go unnoticed; "
            f"once every recording matches the script, run `{export}`")
    elif manifest is not None and unlisted:
        problems.append(
            f"{manifest_path}: warning: {_count(len(unlisted), 'recording')} not in the "
            f"manifest ({_some(unlisted)}): nothing records their text, so a changed line "
            f"would go unnoticed; once every recording matches the script, run `{export}`")
    return problems
