"""Install the course's CJK font for the user so that browsers draw Chinese offline.

Run by ``make env``: copies clvteach/fonts/*.ttf to the user's font folder and refreshes
fontconfig (see :func:`clvteach.style.install_browser_font`). JupyterLab and Voilà pages
then show Chinese headings and widget labels in "ClvTeach Sans SC" instead of boxes.
"""
from __future__ import annotations

import sys

from clvteach.style import install_browser_font

if __name__ == "__main__":
    folder = install_browser_font(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"course font installed for browsers in {folder}")
