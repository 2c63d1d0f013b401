"""A report's text to claims: figures found where they stand (``extract``, with ``prose``,
``notfigures``, ``naming``), then explained (``explain``): first the relations the words state
(``relations``, ``cues``, ``shapes`` and the readers of each family), then the arithmetic search
under a guard against coincidences (``search``, ``candidates``, ``chance``).
"""
