"""The SK as a document: its content as data (model.py), composed from a case per kind
(compose.py), and rendered to a deterministic PDF (render.py)."""
