"""``python -m build_tools.pyodide site/pyodide``: write the calculator's shared folder outside a site build."""

import sys

from build_tools.pyodide.runtime import main

sys.exit(main())
