"""quotes: find, check and render timestamped quotes from video interviews."""

__version__ = "0.1.0"
