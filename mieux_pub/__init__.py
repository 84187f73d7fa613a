"""mieux-pub: build one publication in many languages from Markdown and gettext catalogs."""

__version__ = "0.1.0"
