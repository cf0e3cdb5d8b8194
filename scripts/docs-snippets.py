"""Finds the code blocks of README.md and docs/*.md that `make check-docs` must compile.

Every TypeScript, Python, Go and YAML block is either a registry example included by `make
codegen` (the line before it is "<!-- example: <page>/<name> -->"; make test-e2e-examples runs
those programs), or one check-docs.sh checks on its own (the overview's chooser, the adopting
page's YAML), or a TypeScript snippet, written into DIR as a module that compiles with the
names it takes from the surrounding text declared. Anything else is reported.
Usage: python3 scripts/docs-snippets.py DIR FILE...
"""

import json
import re
import sys
from pathlib import Path

SDK = "@cfsecdns/pulumi-cloudflare-secondary-dns"
# Blocks check-docs.sh checks by other means, by file and fence.
CHECKED_ELSEWHERE = {"docs/_index.md": {"typescript", "python", "go", "yaml"},
                     "docs/adopting-an-existing-account.md": {"yaml"},
                     # excerpts of examples/ci/github-actions.yml, which actionlint checks
                     "docs/continuous-integration.md": {"yaml"},
                     "docs/recovering-an-interrupted-update.md": {"go"}}
# The names the snippets use from the text around them (the rotation guide's two keys).
PRELUDE = f'import * as cfsecdns from "{SDK}";\ndeclare const next: cfsecdns.Tsig, old: cfsecdns.Tsig;\n'
BLOCK = re.compile(r"(?:^(<!-- example: \S+ -->)\n)?^```(\w*)\n(.*?)^```$", re.S | re.M)


def main() -> int:
    out = Path(sys.argv[1])
    problems, snippets = [], []
    for page in sys.argv[2:]:
        for included, fence, code in BLOCK.findall(Path(page).read_text()):
            if fence in ("ts", "py"):
                problems.append(f"{page}: a block fenced {fence}: name it typescript or python")
            if included or fence not in ("typescript", "python", "go", "yaml"):
                continue
            if fence == "typescript":
                body = "".join(l for l in code.splitlines(True) if f'from "{SDK}"' not in l)
                snippets.append(f"snippet{len(snippets) + 1}.ts")
                (out / snippets[-1]).write_text(PRELUDE + body + "\nexport {};\n")
            elif fence not in CHECKED_ELSEWHERE.get(page, set()):
                problems.append(f"{page}: a {fence} block that is neither an included example nor checked")
    tsconfig = json.loads(re.sub(r"^\s*//.*$", "", Path("examples/typescript/tsconfig.json").read_text(), flags=re.M))
    tsconfig.pop("files", None)
    tsconfig["include"] = snippets
    (out / "tsconfig.json").write_text(json.dumps(tsconfig))
    print("; ".join(problems) if problems else f"{len(snippets)} TypeScript snippet(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
