"""Lists functions longer than the limit (default 60 lines) in the given folders.

Exit 1 if any. A function that is really a table (one literal spelled out) may say so with
``# table-like`` on its ``def`` line, which exempts it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LIMIT = 60


def long_functions(root: Path, limit: int = LIMIT) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit and "# table-like" not in lines[node.lineno - 1]:
                found.append(f"{path}:{node.lineno}: {node.name} is {length} lines")
    return found


if __name__ == "__main__":
    hits = [hit for arg in sys.argv[1:] or ["tutor"] for hit in long_functions(Path(arg))]
    print("\n".join(hits) or "no function over the limit")
    sys.exit(1 if hits else 0)
