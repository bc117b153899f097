"""``python -m quotes``."""

from .cli import main

main()
