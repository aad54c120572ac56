"""Diagnosis for "the listener isn't finished" (issue 13, item 6, ninth pass): what each
pause's check read (as scripts/bench_turns_readings.py) and, beside it, the candidates'
evidence, so rules can be replayed offline (scripts/bench_turns_unfinished_replay.py):

- ``ending_audio``: Whisper's decoder as a language model of completeness — its own words
  so far (final punctuation stripped) forced as the decoder's prefix on the audio's
  encoder output, then the probability that the next token ends the sentence ("." "?"
  "!", end of text) or goes on ("..." "," "-", or a word);
- ``ending_text``: the same on the encoder output of silence (the words alone);
- ``prompted``: the words with a disfluency prompt given to the decoder (pause checks
  only), and its reading;
- ``before_last``: the odds of ``ending_audio`` before the last word (was "..." likely
  where Whisper wrote a word: "It's more like it." for "it's more like…");
- ``pieces``: each word piece of the decode with its probability.

    PYTHONPATH=.:scripts python scripts/bench_turns_unfinished_log.py OUT.jsonl tuning_unfinished

Never on a blind set (bench_turns_readings refuses them).
"""

from __future__ import annotations

import functools
import math
import sys
import time
from collections.abc import Sequence
from typing import Any

import bench_turns_readings as br

PROMPT = "Um, well... I think that... it's more like..."
"""The disfluency prompt tried for the pause checks (the brief's)."""


@functools.cache
def _lm() -> Any:
    """(model, tokenizer ids of end and going-on marks, the silence's encoding)."""
    import numpy as np

    from voicepiece.listening.whisper_model import packaged_model

    m = packaged_model()
    tok = m._model.hf_tokenizer
    vocab = tok.get_vocab_size()
    ends = [i for i in range(vocab) if tok.id_to_token(i) in (".", "?", "!", '."')]
    marks = [i for i in range(vocab)
             if tok.id_to_token(i) in ("...", ",", "..", "-", "Ġ...", "âĢ¦")]
    silence = _encode(m, np.zeros(16000, np.float32))
    return m, ends, marks, silence


def _encode(m: Any, pcm: Any) -> Any:
    import numpy as np

    window = 1500
    padded = np.zeros(window * 160, np.float32)
    tail = pcm[-window * 160:]
    padded[:len(tail)] = tail
    features = m._model.feature_extractor(padded, padding=0)[:, :window]
    batch = np.ascontiguousarray(features[np.newaxis], dtype=np.float32)
    return m._model.model.encode(m._storage.from_array(batch), to_cpu=False)


def ending(encoded: Any, text: str) -> dict[str, Any]:
    """The next token's odds after ``text`` (its final punctuation stripped)."""
    import numpy as np

    m, ends, marks, _ = _lm()
    said = text.strip().rstrip(".?!…").strip()
    prefix = m._encode(" " + said, add_special_tokens=False).ids if said else []
    prompt = [*m._start, *prefix]
    began = time.perf_counter()
    result = m._model.model.generate(
        encoded, [prompt], beam_size=1, max_length=2 * len(prompt) + 8, return_logits_vocab=True,
        suppress_tokens=[], suppress_blank=False)[0]
    if len(result.logits[0]) <= len(prefix):  # the decoder stopped inside the prefix
        return {"end": None, "steps": len(result.logits[0]), "prefix": len(prefix)}
    x = np.asarray(result.logits[0][len(prefix)], dtype=np.float64)
    p = np.exp(x - x.max())
    p /= p.sum()
    end, eot, mark = float(p[ends].sum()), float(p[m._end]), float(p[marks].sum())
    return {"end": round(end, 4), "eot": round(eot, 4), "mark": round(mark, 4),
            "ms": round(1000 * (time.perf_counter() - began), 1)}


class _Candidates(br._Logging):
    def more(self, audio: bytes, words: Any, choices: Sequence[Any]) -> dict[str, Any]:
        import numpy as np

        from voicepiece.listening.turns import reading

        m, _, _, silence = _lm()
        text = words.text or ""
        pcm = np.frombuffer(audio[: len(audio) // 2 * 2], dtype="<i2").astype(np.float32)
        began = time.perf_counter()
        encoded = _encode(m, pcm / 32768.0)
        encode_ms = 1000 * (time.perf_counter() - began)
        m.prompt(PROMPT)
        try:
            prompted = m.transcribe(audio)
        finally:
            m.prompt(None)
        return {
            "ending_audio": ending(encoded, text) if text else None,
            "ending_text": ending(silence, text) if text else None,
            "before_last": (ending(encoded, text.rsplit(" ", 1)[0]) if " " in text.strip()
                            else None),
            "encode_ms": round(encode_ms, 1),
            "prompted": prompted.text, "prompted_reading": reading(prompted.text, choices),
            "prompted_ms": round(1000 * prompted.seconds, 1), "plain_ms": round(
                1000 * words.seconds, 1),
            "pieces": [[t, round(p, 3)] for t, p in words.pieces],
            "no_speech": round(words.no_speech, 3),
            "logprob": round(math.log(max(words.confidence, 1e-9)), 3),
        }


if __name__ == "__main__":
    br.main(sys.argv[1], sys.argv[2:], _Candidates)
