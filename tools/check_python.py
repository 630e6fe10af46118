"""Fail loudly, with a readable message, when the Python used for set-up is too old.

Written without f-strings so that it still *runs* (and explains) on an old Python.
"""
import sys

REQUIRED = (3, 11)

if sys.version_info[:2] < REQUIRED:
    sys.stderr.write(
        "\n*** clvteach needs Python %d.%d or newer, but `%s` is Python %d.%d.%d.\n"
        "*** Install a newer Python (https://www.python.org/downloads/) and run again,\n"
        "*** or point the Makefile at it:  make test PYTHON=/path/to/python3.12\n\n"
        % (REQUIRED + (sys.executable,) + tuple(sys.version_info[:3]))
    )
    sys.exit(1)
