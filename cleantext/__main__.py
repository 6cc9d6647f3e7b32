import sys

from cleantext.cli import main

sys.exit(main())
