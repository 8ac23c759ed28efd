"""explainer: a static site generator for news explainers."""

__version__ = "0.1.0"
