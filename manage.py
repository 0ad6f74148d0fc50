#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # The command line is a developer's tool: it defaults to debug. The web entry points
    # (newsroom/wsgi.py, asgi.py) default to production, and production sets DJANGO_DEBUG=0
    # for its commands too (check --deploy flags a command run with debug on).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
