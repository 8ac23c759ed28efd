"""`python -m explainer`: the same command line as `explainer`."""

import sys

from .cli import main

sys.exit(main(prog="python -m explainer"))
