"""Times as editors see them in the admin."""


def to_second(value):
    """A time as the admin's forms show and post it back: to the second (stored times may carry microseconds)."""
    return value.replace(microsecond=0) if value is not None else None
