"""A local Chorus Pro simulator on 127.0.0.1 for tests and the demo: no invoice is really sent.

`start_simulator(port=0) -> Simulator`; see `server.py` (HTTP, auth, faults) and `backend.py` (endpoints,
business rules) and `data.py` (seeded structures).
"""

from chorus_desktop.sandbox.server import LABEL, Simulator, start_simulator

__all__ = ["LABEL", "Simulator", "start_simulator"]
