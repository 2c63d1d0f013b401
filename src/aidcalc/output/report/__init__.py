"""Reports people can read: the ``--format html`` page and the terminal's range picture.

=====================  ==================================================================
``page``               the ``html`` renderer: registers itself with :mod:`aidcalc.output.render`
``check_page``         a check's page: the text first, the mistakes next, each figure
``charts``             ``yoy`` and ``share`` as bar charts, other results as a table
``text``               the report's text (or the claims' sentences) with its figures marked
``numberline``         one claim's SVG: reported band, computed bar, overlap or gap
``view``, ``axis``     what each checked claim's picture shows (:func:`~.view.view_of`, the
                       one place that reads a checked row), and where its values go
``inputs``             a formula's inputs from its parse tree; the files a page names
``html``, ``words``    escaping, colours, stylesheet; the page's words in English or Chinese
``terminal``           the one-line range picture in ``check``'s tables, with an ASCII fallback
``sources``            what ``Result.source`` carries to the page from the command line
=====================  ==================================================================

Drawing never decides: the page is given what the check found (verdicts, values, the ranges data
functions read, fixes) and neither re-checks nor reads a data file's values again.
"""
