"""explainer: a static site generator for news explainers."""
