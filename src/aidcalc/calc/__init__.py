"""Tables to statistics: one pass over the rows (``tally``), through the sift of published
layouts (``sift``), with the batched path (``fastpath``) or DuckDB for large tidy inputs
(``engine``, ``duck``), into groups (``groups``) and the statistics the commands print (``stats``).
"""
