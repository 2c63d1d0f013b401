"""Reports people can read: the ``--format html`` page and the terminal's range picture.

=====================  ==================================================================
``view``               what each checked claim's picture shows (:func:`~.view.view_of`, the one
                       place that reads a checked row), the axis, the header's file facts
``page``               the self-contained HTML page: a check's report, ``yoy``/``share`` charts
``terminal``           the one-line range picture in ``check``'s tables, with an ASCII fallback
``sources``            what ``Result.source`` carries to the page from the command line
=====================  ==================================================================

The page is registered as the ``html`` format in :mod:`aidcalc.render` and imported only then.
"""
