"""Ingest: the readers that turn files, directories, archives and stdin into ``RawDoc`` items."""

from .decode import decode_bytes, looks_binary
from .readers import ReadSettings, read_file, read_inputs, sniff

__all__ = ["ReadSettings", "decode_bytes", "looks_binary", "read_file", "read_inputs", "sniff"]
