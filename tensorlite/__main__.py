"""`python -m tensorlite run script.py [args]`: see tensorlite/runner.py."""
import sys

from tensorlite.runner import main

sys.exit(main())
