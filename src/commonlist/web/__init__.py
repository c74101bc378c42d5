"""The web UI: server-rendered pages in Russian and English on the same domain layer as the API."""
