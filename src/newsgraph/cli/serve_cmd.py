"""``newsgraph serve``: the web app over a store (docs/web.md).

A plain function returning an exit code (0 after a clean shutdown, 2 for usage errors), wired
into Typer by ``cli/__init__.py``.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path


def _error(message: str) -> int:
    print(f"newsgraph: error: {message}", file=sys.stderr)
    return 2


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1); any other name or
    address (0.0.0.0 and :: included) may be reachable from other machines."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def serve_command(db: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
                  workers: int = 1) -> int:
    """Check the arguments, then serve the store at ``db`` read-only until interrupted. With
    ``workers`` > 1, that many server processes share the port (each with its own answer cache)."""
    from ..store.db import StoreError

    if workers < 1:
        return _error("--workers must be 1 or more")
    if token is not None and not token.strip():
        return _error("--token must not be empty")
    if not (0 < port < 65536):
        return _error(f"--port must be between 1 and 65535, not {port}")
    if not is_loopback(host) and not token:
        return _error(f"refusing to serve on {host}, which other machines may reach, without a token: "
                      "pass --token TOKEN (every request must then carry it), or bind 127.0.0.1")
    if not Path(db).is_file():
        return _error(f"no store at {db} (create one with `newsgraph run INPUT --db {db}`)")
    try:
        from ..web.app import create_app

        app = create_app(db, token=token)
    except StoreError as err:
        return _error(str(err))
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    print(f"newsgraph: serving {db} read-only on http://{shown}:{port}/ (API docs: /docs)"
          + ("; every request needs the token (Authorization: Bearer TOKEN or ?token=TOKEN)" if token else ""),
          file=sys.stderr)
    if workers > 1:
        import os

        # worker processes build their own app from the environment (uvicorn needs an import string)
        os.environ["NEWSGRAPH_SERVE_DB"] = str(Path(db).resolve())
        if token:
            os.environ["NEWSGRAPH_TOKEN"] = token
        uvicorn.run("newsgraph.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", server_header=False)
        return 0
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    return 0
