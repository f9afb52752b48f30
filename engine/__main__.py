"""`python -m engine` runs the vanban command line."""

from engine.cli import main

main()
