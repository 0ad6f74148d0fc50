"""Running the project's own entry points in a fresh process, with only the environment a test gives."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env=None, timeout=120):
    """`python manage.py ARGS` in the project, with PATH and `env` as its whole environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def command_help(command, capsys):
    """What `manage.py COMMAND --help` and `manage.py help COMMAND` print, in this process."""
    from django.core.management import ManagementUtility

    outputs = []
    for argv in (["manage.py", command, "--help"], ["manage.py", "help", command]):
        try:
            ManagementUtility(argv).execute()
        except SystemExit as exited:  # --help exits, `help NAME` returns
            assert exited.code in (0, None)
        outputs.append(capsys.readouterr().out)
    return outputs
