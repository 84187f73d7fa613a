"""The mieux-pub command (and python -m mieux_pub): Ctrl-C while Python is still loading the package ends as it
does later, with one line and exit 130, not a traceback."""

import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.stderr.write("\nmieux-pub: interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
