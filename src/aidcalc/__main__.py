"""``python -m aidcalc``: the same as the ``aidcalc`` command."""

from aidcalc.cli.main import main

if __name__ == "__main__":
    main()
