"""The command line: click commands (``main``), option groups returning domain values
(``options``), and the process's standard streams (``streams``). Thin: it parses, calls the core,
renders; an ``AidcalcError`` becomes one line on stderr here and nowhere else.
"""
