"""commonlist: one common list of designated terrorist persons and organisations."""

__version__ = "0.1.0"
