"""The application's use cases, one task per module; `chorus_desktop/wiring.py` builds them once and
hands each its collaborators (no use case builds another one)."""
