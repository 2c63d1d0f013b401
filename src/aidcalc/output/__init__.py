"""Results to text: the renderers of every ``--format`` (``render``) and the HTML report page
and terminal picture (``report``), which register themselves as renderers and draw what the
check found, never deciding anything.
"""
