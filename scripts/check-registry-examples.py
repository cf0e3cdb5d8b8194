"""Reads schema.json as the Pulumi Registry does and checks every page's examples.

Each of the schema's resources and functions must have an examples section in its description
({{% examples %}}, "## Example Usage", then per example {{% example %}}, a "### title" and
exactly one typescript, python, go and yaml block in that order, {{% /example %}}), no
placeholder inside a block, and each resource an "## Import" section after it. The blocks,
taken out of the schema, are then checked against the SDKs:
  typescript  strict tsc (the toolchain and SDK tests/nodejs installs)
  python      every name the program takes from the SDK exists, and every keyword argument it
              passes is one the called function or class accepts (the SDK bin/venv installs)
  go          go vet (a build, and vet's checks), in a module like examples/registry's, against sdk/
  yaml        resource types, function tokens, properties and arguments are the schema's
Usage (make check-registry-examples builds what it needs): bin/venv/bin/python scripts/check-registry-examples.py
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["typescript", "python", "go", "yaml"]
PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9 _-]*>|\bTODO\b|\bnot_implemented\b|^\s*\.\.\.\s*$", re.M)
SDK_ALIAS = "cloudflare_secondary_dns"
SDK_MODULE = "pulumi_cloudflare_secondary_dns"

problems: list[str] = []


def parse_examples(page: str, description: str) -> list[tuple[str, dict[str, str]]]:
    """The examples of one page: (title, code by language), by the registry's rules."""
    start, end = description.find("{{% examples %}}"), description.find("{{% /examples %}}")
    if start < 0 or end < start:
        problems.append(f"{page}: no {{{{% examples %}}}} section")
        return []
    section = description[start:end]
    if "\n## Example Usage\n" not in section:
        problems.append(f"{page}: the examples section has no '## Example Usage' heading")
    examples = []
    for body in re.findall(r"\{\{% example %\}\}\n(.*?)\{\{% /example %\}\}", section, re.S):
        title = re.match(r"### (.+)\n", body)
        if not title:
            problems.append(f"{page}: an example has no ### title")
            continue
        blocks = re.findall(r"```(\w+)\n(.*?)```", body, re.S)
        fences = [fence for fence, _ in blocks]
        if fences != LANGUAGES:
            problems.append(f"{page}: example '{title.group(1)}' has blocks {fences}, want {LANGUAGES}")
            continue
        for fence, code in blocks:
            if PLACEHOLDER.search(code):
                problems.append(f"{page}: example '{title.group(1)}' ({fence}) holds a placeholder: {PLACEHOLDER.search(code).group(0)!r}")
        examples.append((title.group(1), dict(blocks)))
    if not examples:
        problems.append(f"{page}: no example")
    return examples


def check_typescript(work: Path, programs: dict[str, str]) -> None:
    node = ROOT / "tests" / "nodejs"
    for name, code in programs.items():
        (work / name).mkdir(parents=True)
        (work / name / "index.ts").write_text(code)
    config = json.loads(re.sub(r"^\s*//.*$", "", (node / "registry-examples.tsconfig.json").read_text(), flags=re.M))
    options = config["compilerOptions"]
    options.pop("rootDir"), options.pop("outDir")
    options["noEmit"] = True
    options["typeRoots"] = [str(node / "node_modules" / "@types")]
    options["paths"] = {k: [str((node / v[0]).resolve())] for k, v in options["paths"].items()}
    (work / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": ["*/*/index.ts"]}))
    run("typescript", [str(node / "node_modules" / ".bin" / "tsc"), "-p", str(work)])


def check_python(name: str, code: str) -> None:
    sdk = importlib.import_module(SDK_MODULE)
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            chain = attribute_chain(node)
            if chain and chain[0] == SDK_ALIAS:
                resolve(name, sdk, chain)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            chain = attribute_chain(node.func)
            if not chain or chain[0] != SDK_ALIAS:
                continue
            target = resolve(name, sdk, chain)
            if target is None:
                continue
            accepted = accepted_keywords(target)
            for kw in node.keywords:
                if kw.arg is not None and accepted is not None and kw.arg not in accepted:
                    problems.append(f"{name} (python): {'.'.join(chain)} has no keyword argument {kw.arg}")


def attribute_chain(node: ast.AST) -> list[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return []


def resolve(name: str, sdk, chain: list[str]):
    target = sdk
    for part in chain[1:]:
        if not hasattr(target, part):
            problems.append(f"{name} (python): {SDK_MODULE} has no {'.'.join(chain[1:])}")
            return None
        target = getattr(target, part)
    return target


def accepted_keywords(target) -> set[str] | None:
    """The keywords a function, or a resource's constructor with its args, accepts."""
    if inspect.isclass(target):
        signatures = [inspect.signature(target.__init__)]
        # Resource classes take their properties through an overloaded __init__: the
        # properties are the keyword arguments of the _internal_init they all call.
        if hasattr(target, "_internal_init"):
            signatures.append(inspect.signature(target._internal_init))
    else:
        signatures = [inspect.signature(target)]
    names = set()
    for sig in signatures:
        for p in sig.parameters.values():
            if p.kind == p.VAR_KEYWORD:
                continue
            names.add(p.name)
    return names


def check_go(work: Path, programs: dict[str, str]) -> None:
    work.mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "registry" / "go.mod", work / "go.mod")
    shutil.copy(ROOT / "examples" / "registry" / "go.sum", work / "go.sum")
    subprocess.run(["go", "mod", "edit", "-module", "registry.example/check",
                    f"-replace=github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk={ROOT / 'sdk'}"], cwd=work, check=True)
    for name, code in programs.items():
        (work / name).mkdir(parents=True)
        (work / name / "main.go").write_text(code)
    run("go", ["go", "vet", "./..."], cwd=work)


def check_yaml(name: str, code: str, schema: dict) -> None:
    program = yaml.safe_load(code)

    def token(short: str) -> str:
        return short.replace(":", ":index:", 1) if short.count(":") == 1 else short

    for res_name, res in (program.get("resources") or {}).items():
        spec = schema["resources"].get(token(res["type"]))
        if spec is None:
            problems.append(f"{name} (yaml): {res_name} has unknown type {res['type']}")
            continue
        for prop in res.get("properties") or {}:
            if prop not in spec["inputProperties"]:
                problems.append(f"{name} (yaml): {res['type']} has no input {prop}")
    for var_name, var in (program.get("variables") or {}).items():
        invoke = var.get("fn::invoke") if isinstance(var, dict) else None
        if invoke is None:
            continue
        spec = schema["functions"].get(token(invoke["function"]))
        if spec is None:
            problems.append(f"{name} (yaml): {var_name} invokes unknown function {invoke['function']}")
            continue
        for arg in invoke.get("arguments") or {}:
            if arg not in spec.get("inputs", {}).get("properties", {}):
                problems.append(f"{name} (yaml): {invoke['function']} has no argument {arg}")


def run(language: str, command: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        problems.append(f"{language}: {' '.join(command[:2])} failed:\n{result.stdout}{result.stderr}")


def main() -> int:
    schema = json.loads((ROOT / "schema.json").read_text())
    by_language: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    pages = [("resource", t, s) for t, s in schema["resources"].items()] + [("function", t, s) for t, s in schema["functions"].items()]
    for kind, tok, spec in sorted(pages, key=lambda p: p[1]):
        page = tok.split(":")[-1]
        description = spec.get("description", "")
        if kind == "resource" and "\n\n## Import\n" not in description[description.find("{{% /examples %}}"):]:
            problems.append(f"{page}: no '## Import' section after the examples")
        for title, code in parse_examples(page, description):
            # Named by page and title, so that a failure says which example it is.
            name = f"{page}/{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')}"
            for lang in LANGUAGES:
                by_language[lang][name] = code[lang]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        check_typescript(work / "typescript", by_language["typescript"])
        check_go(work / "go", by_language["go"])
    for name, code in by_language["python"].items():
        check_python(name, code)
    for name, code in by_language["yaml"].items():
        check_yaml(name, code, schema)
    count = len(by_language["typescript"])
    for p in problems:
        print(f"FAIL  {p}")
    if problems:
        print(f"check-registry-examples: {len(problems)} problem(s)")
        return 1
    print(f"check-registry-examples: {len(pages)} pages, {count} examples, each in {', '.join(LANGUAGES)}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
