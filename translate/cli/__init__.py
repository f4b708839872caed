"""The command-line interface: the top room. Each command parses its options into the library's
config objects, calls the library, and prints; library errors become one-line ``Error: …`` messages.
One module per command group; :mod:`.main` assembles them."""

from .main import main

__all__ = ["main"]
