"""espeak-ng is never asked to read past the end of the text it speaks.

pyttsx3 tells espeak a text is ten times its length, and asynchronous espeak copies that
many bytes: it read past the end of Python's bytes object and, once, ended a CI test process
with a segfault. Here the text espeak is handed sits at the very end of a page of memory
followed by a page that cannot be read, so any read past its NUL is a segfault every time,
not once in a thousand runs. Each render runs in its own process, which may die.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from voicepiece.errors import EngineMissing

RENDER_AT_A_PAGE_END = textwrap.dedent(
    """
    import ctypes, mmap, sys
    from pyttsx3.drivers import _espeak

    PAGE = mmap.PAGESIZE
    libc = ctypes.CDLL(None, use_errno=True)
    guarded = mmap.mmap(-1, 2 * PAGE)
    start = ctypes.addressof(ctypes.c_char.from_buffer(guarded))
    if libc.mprotect(ctypes.c_void_p(start + PAGE), PAGE, 0) != 0:  # PROT_NONE
        sys.exit(f"mprotect failed: errno {ctypes.get_errno()}")
    by_address = ctypes.CFUNCTYPE(
        ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    )(("espeak_Synth", _espeak.dll))

    def synth_from_page_end(text, size, position, position_type, end_position, flags,
                            unique_identifier, user_data):
        data = bytes(text) + b"\\0"
        offset = PAGE - len(data)
        guarded[offset:PAGE] = data
        return by_address(start + offset, size, position, position_type, end_position,
                          flags, unique_identifier, user_data)

    _espeak.cSynth = synth_from_page_end
    pyttsx3_synth = _espeak.Synth

    from voicepiece.story.model import VoiceSettings
    from voicepiece.voices.espeak import EspeakSynthesizer

    synthesizer = EspeakSynthesizer()
    if sys.argv[1] == "pyttsx3":
        synthesizer.synthesize("Ready.", VoiceSettings())  # the engine exists
        _espeak.Synth = pyttsx3_synth
    audio = synthesizer.synthesize("Hello. Tell me about the city at night.", VoiceSettings())
    print(len(audio))
    """
)


def render_at_a_page_end(synth: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", RENDER_AT_A_PAGE_END, synth],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module", autouse=True)
def espeak_installed() -> None:
    from voicepiece.voices.espeak import _load_espeak

    try:
        _load_espeak()
    except EngineMissing as exc:  # scripts/test installs it: this is a broken install
        pytest.fail(str(exc))


def test_a_line_renders_when_its_text_ends_at_unreadable_memory() -> None:
    done = render_at_a_page_end("voicepiece")
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 500  # milliseconds of speech


def test_pyttsx3s_own_size_reads_into_that_memory() -> None:
    """The guard is real: espeak told pyttsx3's size reads past the text and dies."""
    done = render_at_a_page_end("pyttsx3")
    assert done.returncode == -signal.SIGSEGV, (done.returncode, done.stderr[-2000:])
