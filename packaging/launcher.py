"""PyInstaller entry script: the frozen `chorus-desktop` executable starts here.

A separate file (rather than chorus_desktop/__main__.py) so that PyInstaller's analysis never puts the
package folder itself on the import path.
"""

import sys

from chorus_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
