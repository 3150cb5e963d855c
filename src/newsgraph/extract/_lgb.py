"""Loading LightGBM text models without LightGBM writing to stdout.

LightGBM's C++ core prints warnings and fatal errors on stdout, which would corrupt the JSONL
stream that ``newsgraph extract`` writes there. Routing its log through Python ``logging`` keeps
stdout for records only.
"""

from __future__ import annotations

import logging
from typing import Any

_LOGGER = logging.getLogger("newsgraph.lightgbm")
_registered = False


class _Quiet:
    """The logger interface LightGBM expects (info/warning), sent to Python logging."""

    def info(self, msg: str) -> None:
        _LOGGER.debug(msg.rstrip())

    def warning(self, msg: str) -> None:
        _LOGGER.warning(msg.rstrip())


def booster(*, model_file: str | None = None, model_str: str | None = None) -> Any:
    """A ``lightgbm.Booster`` from a file or string, with LightGBM's log routed to logging."""
    global _registered  # once per process: the callback is process-wide in LightGBM itself
    import lightgbm as lgb

    if not _registered:
        lgb.register_logger(_Quiet())
        _registered = True
    if model_str is not None:
        return lgb.Booster(model_str=model_str)
    return lgb.Booster(model_file=model_file)
