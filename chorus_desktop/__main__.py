"""Entry point for `chorus-desktop` and `python -m chorus_desktop`."""

import os
import sys

# What a shell reports for a program stopped by a closed pipe (128 + SIGPIPE), e.g. `... | head -c 1`.
EXIT_CLOSED_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    from chorus_desktop.cli import run

    try:
        return run(sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:
        # The reader went away: stop quietly. Point stdout at devnull so the final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE


if __name__ == "__main__":
    raise SystemExit(main())
