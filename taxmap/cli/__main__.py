"""Run the command line as `python -m taxmap.cli`."""

from taxmap.cli import main

main()
