"""``python -m translate`` runs the command-line interface."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main(prog_name="translate")
