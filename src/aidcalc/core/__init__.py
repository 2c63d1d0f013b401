"""The exact core both pipelines share: written figures and units read exactly, intervals,
measures (mean per, CAGR), printing, the one error type, and the output contract (``Result``).

Nothing here reads files, prints or imports click.
"""
