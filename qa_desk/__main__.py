"""Lets ``python -m qa_desk`` do what the ``qa-desk`` command does."""

import sys

from qa_desk.cli import main

sys.exit(main())
