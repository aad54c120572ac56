"""Speex's acoustic echo canceller (libspeexdsp), through ctypes: what the loudspeaker
played is taken out of what the microphone heard.

Why speexdsp: it is a system library on every Debian/Ubuntu desktop (``libspeexdsp1``,
already there under PulseAudio), its C API is a handful of functions on opaque pointers
that ctypes calls with no compiler, and it costs well under 1% of a core per second of
audio. WebRTC's canceller is better at double-talk but its Python binding
(``aec-audio-processing``) has no Linux wheel (docs/listening-measurements.md).

Two stages, as speexdsp intends: the echo canceller proper (a frequency-domain adaptive
filter, "MDF", that learns the room's response from the reference — ``filter_seconds``
must cover the room's reverberation that matters, not the delay, which
``listening.echo_cancel`` removes), then the preprocessor with the canceller's state
attached, which suppresses the echo the filter left (``suppress_db`` while only the far
end sounds, ``suppress_active_db`` while the near end speaks too). The preprocessor's
noise suppression, gain control and voice detection are turned off: the ear has its own.
"""

from __future__ import annotations

import ctypes
import threading

from voicepiece.errors import EngineMissing

LIBRARY = "libspeexdsp.so.1"
INSTALL_HINT = ("echo cancellation needs libspeexdsp (apt-get install libspeexdsp1, or "
                "run scripts/setup)")

_ECHO_SET_SAMPLING_RATE = 24
_PRE_SET_DENOISE, _PRE_SET_AGC, _PRE_SET_VAD, _PRE_SET_DEREVERB = 0, 2, 4, 8
_PRE_SET_ECHO_SUPPRESS, _PRE_SET_ECHO_SUPPRESS_ACTIVE, _PRE_SET_ECHO_STATE = 20, 22, 24

_lib: ctypes.CDLL | None = None
_lib_lock = threading.Lock()


def library() -> ctypes.CDLL:
    """libspeexdsp, loaded once with its functions typed; the one-line error if missing."""
    global _lib
    with _lib_lock:
        if _lib is None:
            try:
                lib = ctypes.CDLL(LIBRARY)
                pointer, integer = ctypes.c_void_p, ctypes.c_int
                lib.speex_echo_state_init.restype = pointer
                lib.speex_echo_state_init.argtypes = [integer, integer]
                lib.speex_echo_state_destroy.argtypes = [pointer]
                lib.speex_echo_state_reset.argtypes = [pointer]
                lib.speex_echo_cancellation.argtypes = [pointer, pointer, pointer, pointer]
                lib.speex_echo_ctl.argtypes = [pointer, integer, pointer]
                lib.speex_preprocess_state_init.restype = pointer
                lib.speex_preprocess_state_init.argtypes = [integer, integer]
                lib.speex_preprocess_state_destroy.argtypes = [pointer]
                lib.speex_preprocess_ctl.argtypes = [pointer, integer, pointer]
                lib.speex_preprocess_run.argtypes = [pointer, pointer]
            except (OSError, AttributeError) as exc:
                raise EngineMissing(INSTALL_HINT) from exc
            _lib = lib
    return _lib


class SpeexEcho:
    """One canceller: :meth:`process` takes the microphone's and the reference's samples
    (16-bit mono, the same length, a whole number of ``frame`` samples, the reference
    aligned so that it leads its echo) and returns the microphone without the echo.

    Keep one for a whole session: the filter learns the room over the first seconds of
    narration and would start again from nothing if it were made anew per line."""

    def __init__(self, rate: int = 16000, frame: int = 256, filter_seconds: float = 0.256,
                 suppress_db: int = -40, suppress_active_db: int = -15) -> None:
        lib = library()
        self._lock = threading.Lock()
        self._echo = self._pre = None
        self.rate, self.frame = rate, frame
        taps = max(frame, round(filter_seconds * rate / frame) * frame)
        self._echo = lib.speex_echo_state_init(frame, taps)
        self._pre = lib.speex_preprocess_state_init(frame, rate)
        if not self._echo or not self._pre:
            self.close()
            raise EngineMissing(f"libspeexdsp could not make a canceller; {INSTALL_HINT}")
        lib.speex_echo_ctl(self._echo, _ECHO_SET_SAMPLING_RATE, ctypes.byref(ctypes.c_int(rate)))
        for request, value in ((_PRE_SET_DENOISE, 0), (_PRE_SET_AGC, 0), (_PRE_SET_VAD, 0),
                               (_PRE_SET_DEREVERB, 0), (_PRE_SET_ECHO_SUPPRESS, suppress_db),
                               (_PRE_SET_ECHO_SUPPRESS_ACTIVE, suppress_active_db)):
            lib.speex_preprocess_ctl(self._pre, request, ctypes.byref(ctypes.c_int(value)))
        lib.speex_preprocess_ctl(self._pre, _PRE_SET_ECHO_STATE, ctypes.c_void_p(self._echo))

    def process(self, mic: bytes, reference: bytes) -> bytes:
        step = self.frame * 2
        if len(mic) != len(reference) or len(mic) % step:
            raise ValueError(f"mic and reference must be the same whole number of "
                             f"{self.frame}-sample frames")
        lib = library()
        out = ctypes.create_string_buffer(len(mic))
        near = ctypes.create_string_buffer(mic, len(mic))
        far = ctypes.create_string_buffer(reference, len(reference))
        base_out, base_near, base_far = (ctypes.addressof(b) for b in (out, near, far))
        with self._lock:
            if not self._echo:
                raise ValueError("the canceller is closed")
            for at in range(0, len(mic), step):
                lib.speex_echo_cancellation(self._echo, base_near + at, base_far + at,
                                            base_out + at)
                lib.speex_preprocess_run(self._pre, base_out + at)
        return out.raw

    def reset(self) -> None:
        """Forget the room (after the echo path has changed: the delay moved)."""
        with self._lock:
            if self._echo:
                library().speex_echo_state_reset(self._echo)

    def close(self) -> None:
        lib = library()
        with self._lock:
            if self._pre:
                lib.speex_preprocess_state_destroy(self._pre)
            if self._echo:
                lib.speex_echo_state_destroy(self._echo)
            self._echo = self._pre = None

    def __del__(self) -> None:
        if hasattr(self, "_lock"):
            self.close()
