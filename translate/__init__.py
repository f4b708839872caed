"""persian-translate: Persian news articles into reviewed, aligned English."""

from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["__version__"]
