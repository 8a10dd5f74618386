"""Exemplars (điển hình tiên tiến): YAML records → validated model → MkDocs pages."""
