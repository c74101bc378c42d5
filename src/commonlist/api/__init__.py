"""The HTTP API: a thin edge over screen/ (``create_app``)."""
