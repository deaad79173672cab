"""`python -m cortexlog`: the same command line as the `cortexlog` script."""

from cortexlog.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
