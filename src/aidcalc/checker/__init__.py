"""Reported figures checked exactly: their wording read as intervals (``wording``, with its
vocabulary, numerals and quantities), formulas (``formula``), exact ranges and verdicts
(``expr``, ``enclosure``, ``boxes``, ``exact``), data files as exact variables (``datafiles``),
claims files (``claims``), the verdicts (``verdicts``, shown by ``display``) and what would fix
an inconsistent figure (``fixes``).
"""
