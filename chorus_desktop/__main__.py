"""Entry point for `chorus-desktop` and `python -m chorus_desktop`."""

import sys


def main(argv: list[str] | None = None) -> int:
    from chorus_desktop.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
