"""aidcalc: exact funding statistics from CSV files, and a checker for figures in reports."""

__version__ = "0.1.0"
