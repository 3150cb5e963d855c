"""The HTML report of a store: ``newsgraph report --db DB -o report.html`` (docs/report.md)."""

from .build import build_report, render_report, report_data

__all__ = ["build_report", "render_report", "report_data"]
