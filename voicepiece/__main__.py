import sys

from voicepiece.cli import main

sys.exit(main())
