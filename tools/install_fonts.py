"""Install the course's CJK font so that browsers draw Chinese, here and on a hub.

Run by ``make env``:

* for the user's browser on this machine: copies clvteach/fonts/*.ttf to the user's font
  folder and refreshes fontconfig (:func:`clvteach.style.install_browser_font`), so
  JupyterLab and Voilà pages show Chinese in "ClvTeach Sans SC" offline;
* for browsers on other machines: lets this environment's Jupyter server serve the font
  file (:func:`clvteach.style.install_server_font`), where the explorers' CSS
  (``clvteach.style.FONT_CSS``) downloads it from.

Usage: python tools/install_fonts.py [FOLDER] [--server]
  FOLDER    the user font folder (default: the platform's)
  --server  only the server part (the hub's systemd unit and image run this)
"""
from __future__ import annotations

import sys

from clvteach.style import install_browser_font, install_server_font

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--server"]
    if "--server" not in sys.argv[1:]:
        folder = install_browser_font(args[0] if args else None)
        print(f"course font installed for browsers in {folder}")
    config = install_server_font()
    print(f"course font served by this environment's Jupyter server ({config})")
