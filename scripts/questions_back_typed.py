#!/usr/bin/env python3
"""How many typed questions back the question-back rule (story/offscript.py ``asks_back``)
recognizes: 30 everyday ways to ask the narrator back, written fresh in issue 13's
seventeenth pass and split in two before any was tried (alternate lines: fit, held).

    PYTHONPATH=. python scripts/questions_back_typed.py [--show]

``--show`` lists the fit half's misses; the held half is counted only. Typed words: this
measures the rule's reach, not the ear (a misheard "Bardon me" is the ear's).
"""

from __future__ import annotations

import argparse
import sys

ASKED_BACK = (
    "sorry, could you say that one more time?", "what was that last bit?",
    "wait, what were the two choices?", "I'm not sure I understand what you're asking",
    "can you explain what you mean by source?", "hang on, what?",
    "could you rephrase the question?", "which two were they again?",
    "what was the first option?", "say the options again please",
    "I didn't quite get that", "sorry I was miles away", "can you go back a bit?",
    "what does entangled mean here?", "what's the difference between them?",
    "what do you mean by true?", "could you slow down a little?",
    "huh? what was the question?", "I missed the choices", "come again, sorry?",
    "you're asking me what exactly?", "could you say it in a simpler way?",
    "what are my options?", "sorry, repeat the last part?", "what were you saying?",
    "I'm a bit lost, sorry", "would you read it once more?", "and the other option was?",
    "pardon, I didn't hear", "what, sorry?",
)
FIT, HELD = ASKED_BACK[0::2], ASKED_BACK[1::2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="list the fit half's misses")
    args = parser.parse_args()
    from voicepiece.story.offscript import asks_back

    for name, part in (("fit", FIT), ("held", HELD)):
        missed = [q for q in part if not asks_back(q)]
        print(f"{name}: {len(part) - len(missed)}/{len(part)} recognized as questions back")
        if args.show and name == "fit":
            for q in missed:
                print(f"    missed: {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
