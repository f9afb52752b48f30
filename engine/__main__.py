"""`python -m engine` runs the vanban command line."""

from engine.cli.main import main

main()
