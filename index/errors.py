"""Errors a user can act on: each carries one clear line for stderr or a chat reply."""


class CchcError(Exception):
    """Base class: ``str(error)`` is a one-line message fit to show a user."""


class IngestError(CchcError):
    """A file could not be added to the corpus; nothing was changed."""
