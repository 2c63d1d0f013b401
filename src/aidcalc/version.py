"""aidcalc's version, in one place: the package, the wheel, --version and the pages read it."""

__version__ = "0.3.0"
