"""Storage of what each member designates: members, import batches, records and versions."""
