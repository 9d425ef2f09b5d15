"""PyInstaller entry script: the frozen `chorus-desktop` executable starts here.

A separate file (rather than chorus_desktop/__main__.py) so that PyInstaller's analysis never puts the
package folder itself on the import path.
"""

import multiprocessing
import sys

from chorus_desktop.__main__ import main

if __name__ == "__main__":
    # Worker processes of the "spawn" method (the GUI extracts PDFs in one) are started by running this
    # same executable again with special arguments: freeze_support() turns them into workers instead of
    # letting them reach the command line parser.
    multiprocessing.freeze_support()
    sys.exit(main())
