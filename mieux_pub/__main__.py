"""The mieux-pub command (and python -m mieux_pub). Ctrl-C while Python is still loading the package ends as it
does later, with one line and exit 130, not a traceback: until the command runs, Ctrl-C just ends the process."""

import os
import signal
import sys


def _interrupted(signum, frame):
    sys.stderr.write("\nmieux-pub: interrupted\n")
    os._exit(130)   # nothing is written yet: there is nothing to clean up


_previous = signal.getsignal(signal.SIGINT)
if _previous is signal.default_int_handler:   # not when the shell has Ctrl-C ignored (a background job)
    signal.signal(signal.SIGINT, _interrupted)


def run() -> None:
    from .cli import main
    signal.signal(signal.SIGINT, _previous)   # from here on, the command handles Ctrl-C (KeyboardInterrupt)
    main()


if __name__ == "__main__":
    run()
