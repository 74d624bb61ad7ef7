"""Fails, listing each offender, when a production Python file passes 600 lines or a function 60 lines.

Migrations, demo data and tests are left out. Usage: `python scripts/check_sizes.py [root]`.
"""

import ast
import sys
from pathlib import Path

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
SKIPPED = {".venv", "tests", "demo", "migrations", "node_modules"}


def offenders(root: Path):
    for path in sorted(root.rglob("*.py")):
        # A package or a module of one of these names: `demo/`, `offers/demo.py`…
        if SKIPPED.intersection(path.relative_to(root).with_suffix("").parts):
            continue
        text = path.read_text(encoding="utf-8")
        if (lines := len(text.splitlines())) > MAX_FILE_LINES:
            yield f"{path}: {lines} lines (at most {MAX_FILE_LINES})"
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
                if (lines := node.end_lineno - start + 1) > MAX_FUNCTION_LINES:
                    yield f"{path}:{node.lineno}: {node.name} is {lines} lines (at most {MAX_FUNCTION_LINES})"


if __name__ == "__main__":
    found = list(offenders(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
    print("\n".join(found))
    sys.exit(1 if found else 0)
