"""The `protocol-desk` command: the desktop app when called bare, else a subcommand.

Exit status: 0 success, 1 user error (one line on stderr), 2 usage error, 3 an
internal error (one line on stderr, the traceback in the log file it names).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO, cast

from app import __version__
from app.cli.commands import COMMAND_MODULES
from app.db.location import DEFAULT_DB_ENV
from app.errors import ProtocolDeskError
from app.journal.identity import ACTOR_ENV
from app.textnorm import safe_for_terminal

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
log = logging.getLogger("protocol_desk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="protocol-desk",
        description="Protocol Desk: events, delegations, speakers, agreements, gifts and "
        "briefing packs. Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="DB",
        help=f"database file path or SQLAlchemy URL (default: ${DEFAULT_DB_ENV}, "
        "else a file in your data folder)",
    )
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        help=f"the officer's name on every change (default: ${ACTOR_ENV}, else your user name)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from app.cli.gui import open_desktop

            return open_desktop(args.db, args.actor)
        return _run_subcommand(args)
    except ProtocolDeskError as error:
        print(f"protocol-desk: {safe_for_terminal(str(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # The reader went away (``| head``): not an error worth a crash log.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("protocol-desk: interrupted", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as error:
        from app.crashlog import safe_summary, write_crash_log

        log_file = write_crash_log(error)
        print(
            f"protocol-desk: internal error: {safe_summary(error)} (details in {log_file})",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _run_subcommand(args: argparse.Namespace) -> int:
    """Run the handler with stdout and stderr made safe for a terminal (see common)."""
    from app.cli.common import TerminalSafeStream

    out = cast(TextIO, TerminalSafeStream(sys.stdout))
    err = cast(TextIO, TerminalSafeStream(sys.stderr))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        handler: Any = args.handler
        return int(handler(args) or EXIT_OK)


if __name__ == "__main__":
    sys.exit(main())
