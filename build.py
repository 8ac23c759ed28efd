"""Entry point: `python build.py [build|check|serve|schema] ...`."""

import sys

from explainer.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python build.py"))
