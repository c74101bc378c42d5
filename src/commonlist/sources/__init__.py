"""Importers: one module per list format, each a pure parser yielding ``ParsedRecord``s.

The registry does the writing; nothing here touches the database.
"""
