#!/usr/bin/env bash
# Checks the registry docs (docs/): the front matter the Pulumi registry reads, and that the
# overview's example in each language works against the SDKs generated from this provider:
#   TypeScript  type-checked against the packed SDK (as installed in examples/typescript)
#   Python      run under Pulumi's mocks with the SDK of bin/venv; it must register a Tsig and a Peer
#   Go          built as a program against sdk/ (the Go example's module pins)
#   YAML        resource types and properties are the schema's
# that the rotation page's nameserverConfig arguments are the schema's and its stages the
# example programs', the CI page's workflow excerpts the example workflow's, and that README.md
# and the registry pages say how to install the provider as CHANGELOG.md stands: from a checkout
# until the first release, from the registries after.
# Usage: scripts/check-docs.sh   (make check-docs builds what it needs first)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

# front matter: the lines between the first two "---" lines.
for page in docs/_index.md docs/installation-configuration.md docs/switching-from-pulumi-cloudflare.md docs/adopting-an-existing-account.md docs/rotating-tsig-keys.md docs/continuous-integration.md docs/recovering-an-interrupted-update.md docs/performance.md; do
	front=$(awk 'NR == 1 && $0 != "---" { exit } NR > 1 && $0 == "---" { exit } NR > 1 { print }' "$page")
	missing=
	for key in title meta_desc; do
		grep -Eq "^$key: .+" <<<"$front" || missing="$missing $key"
	done
	grep -qx 'layout: package' <<<"$front" || missing="$missing layout:package"
	if [ -z "$missing" ]; then pass "$page front matter"; else fail "$page front matter lacks:$missing"; fi
done

# How to install, held to CHANGELOG.md: until it has a release section (## X.Y.Z), nothing is
# published, so README.md and the installation page install from a checkout (make install) and
# no page names a registry install or a plugin that downloads itself; from the first release on,
# README and the installation page give the registries' commands and the plugin's download.
if out=$(python3 - CHANGELOG.md README.md docs/installation-configuration.md docs/_index.md docs/adopting-an-existing-account.md <<'EOF'
import re, sys
changelog, readme, install, *others = sys.argv[1:]
released = re.search(r"^## \[?v?\d+\.\d+\.\d+", open(changelog).read(), re.M) is not None
pages = {p: open(p).read() for p in (readme, install, *others)}
registry = {
    "npm install": r"npm install @cfsecdns/pulumi-cloudflare-secondary-dns",
    "pip install": r"pip install pulumi[_-]cloudflare[_-]secondary[_-]dns",
    "go get": r"go get github\.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk",
}
download = r"download\w*\s+(the\s+)?(right\s+)?plugin|plugin\s+(follows|downloads)\s+(by\s+)?itself"

def problems():
    found = []
    for page, text in pages.items():
        says = [name for name, pattern in registry.items() if re.search(pattern, text, re.I)]
        downloads = re.search(download, text, re.I) is not None
        if not released:
            found += [f"{page} tells users to {name} a package that is not published" for name in says]
            if downloads:
                found.append(f"{page} says the plugin downloads itself, from a release that does not exist")
            if page in (readme, install) and "make install" not in text:
                found.append(f"{page} does not say how to install from a checkout (make install)")
        elif page in (readme, install):
            found += [f"{page} does not give the {name} command of the release" for name in registry if name not in says]
            if page == install and not downloads:
                found.append(f"{page} does not say that the plugin downloads itself from the release")
    return found

state = "released" if released else "unreleased"
now = problems()
print(f"{state}: " + ("; ".join(now) if now else "the pages say how to install it"))
sys.exit(1 if now else 0)
EOF
); then
	pass "install wording, $out"
else
	fail "install wording, $out"
fi

# example LANG: the fenced code inside the overview's choosable block for LANG.
example() {
	awk -v lang="$1" '
		$0 == "{{% choosable language " lang " %}}" { inside = 1; next }
		inside && $0 == "{{% /choosable %}}" { exit }
		inside && /^```/ { fenced = !fenced; next }
		inside && fenced { print }' docs/_index.md
}

chooser=$(sed -n 's/^{{< chooser language "\(.*\)" >}}$/\1/p' docs/_index.md)
if [ "$chooser" = "typescript,python,go,yaml" ]; then pass "overview chooser: $chooser"; else fail "overview chooser: '$chooser', want typescript,python,go,yaml"; fi
for lang in typescript python go yaml; do
	[ -n "$(example "$lang")" ] || fail "overview has no $lang example"
done

# The switching page names only tokens and properties the schema has.
if out=$(python3 - docs/switching-from-pulumi-cloudflare.md schema.json <<'EOF'
import json, re, sys
page = open(sys.argv[1]).read()
schema = json.load(open(sys.argv[2]))
problems = []
rows = [l for l in page.splitlines() if l.startswith("| `cloudflare:")]
if len(rows) != 5:
    problems.append(f"{len(rows)} resource rows, want 5")
for row in rows:
    cells = [c.strip() for c in row.strip("|").split("|")]
    ours = cells[1].strip("`")
    spec = schema["resources"].get(ours)
    if spec is None:
        problems.append(f"unknown token {ours}")
        continue
    for prop in re.findall(r"`([A-Za-z]+)`", cells[2]):
        if prop not in spec["inputProperties"]:
            problems.append(f"{ours} has no input {prop}")
print("; ".join(problems))
sys.exit(1 if problems else 0)
EOF
); then
	pass "switching page names schema tokens and properties"
else
	fail "switching page: $out"
fi

# The adopting page: its YAML shows only the schema's types and inputs (as pulumi import writes
# them: cloudflare-secondary-dns:<Name>), and it names the import command's flags.
if out=$(python3 - docs/adopting-an-existing-account.md schema.json <<'EOF'
import json, re, sys
page = open(sys.argv[1]).read()
schema = json.load(open(sys.argv[2]))
problems = []
types = 0
for block in re.findall(r"```yaml\n(.*?)```", page, re.S):
    current, in_properties = None, False
    for line in block.splitlines():
        if re.match(r"^    [a-z]+:$", line):
            in_properties = line.strip() == "properties:"
        m = re.match(r"^\s+type: (cloudflare-secondary-dns:\S+)$", line)
        if m:
            token = m.group(1)
            if token.count(":") == 1:
                token = token.replace(":", ":index:")
            current = schema["resources"].get(token)
            types += 1
            if current is None:
                problems.append(f"unknown type {m.group(1)}")
            continue
        m = re.match(r"^      ([A-Za-z]+):", line)
        if m and in_properties and current is not None and m.group(1) not in current["inputProperties"]:
            problems.append(f"{token} has no input {m.group(1)}")
for flag in ("--account", "--zone", "--out"):
    if flag not in page:
        problems.append(f"the page does not name {flag}")
if types == 0:
    problems.append("no YAML resources found")
print("; ".join(problems))
sys.exit(1 if problems else 0)
EOF
); then
	pass "adopting page names schema types and inputs, and the command's flags"
else
	fail "adopting page: $out"
fi

# The rotation page: the arguments it gives nameserverConfig and the stages it names are the
# schema's and the example programs'.
if out=$(python3 - docs/rotating-tsig-keys.md schema.json examples <<'EOF'
import json, pathlib, re, sys
page = open(sys.argv[1]).read()
schema = json.load(open(sys.argv[2]))
problems = []
fn = schema["functions"]["cloudflare-secondary-dns:index:nameserverConfig"]["inputs"]["properties"]
key = schema["types"]["cloudflare-secondary-dns:index:NameserverKey"]["properties"]
for block in re.findall(r"```typescript\n(.*?)```", page, re.S):
    for arg in re.findall(r"\b([a-zA-Z]+):", block):
        if arg not in fn and arg not in key:
            problems.append(f"nameserverConfig has no argument {arg}")
stages = list(dict.fromkeys(re.findall(r"^\| `([a-z]+)`", page, re.M)))
if stages != ["accept", "switch", "done"]:
    problems.append(f"stages {stages}, want accept, switch, done")
for program in ["go/secondarydns/program.go", "typescript/secondaryDns.ts", "python/secondary_dns.py", "yaml/Pulumi.yaml"]:
    text = (pathlib.Path(sys.argv[3]) / program).read_text()
    for word in ["rotationStage", "nextTransferKey", *stages]:
        if word not in text:
            problems.append(f"examples/{program} does not name {word}")
print("; ".join(problems))
sys.exit(1 if problems else 0)
EOF
); then
	pass "rotation page names schema arguments and the examples' stages"
else
	fail "rotation page: $out"
fi

# The CI page: its workflow excerpts are the example workflow's lines, which actionlint checks
# (make actionlint), so that the page cannot show a workflow that was never checked.
if out=$(python3 - docs/continuous-integration.md examples/ci/github-actions.yml <<'EOF'
import re, sys
page = open(sys.argv[1]).read()
workflow = open(sys.argv[2]).read()
blocks = re.findall(r"```yaml\n(.*?)```", page, re.S)
problems = [f"excerpt not in {sys.argv[2]}: {b.strip().splitlines()[0]}" for b in blocks if b not in workflow]
if not blocks:
    problems.append("no yaml excerpts")
print("; ".join(problems) if problems else f"{len(blocks)} excerpts")
sys.exit(1 if problems else 0)
EOF
); then
	pass "CI page's workflow excerpts are the example workflow's: $out"
else
	fail "CI page: $out"
fi

# TypeScript: the example project's compiler settings and installed packages.
mkdir -p "$work/ts"
example typescript >"$work/ts/index.ts"
cp examples/typescript/tsconfig.json "$work/ts/"
ln -s "$root/examples/typescript/node_modules" "$work/ts/node_modules"
if out=$(examples/typescript/node_modules/.bin/tsc --noEmit -p "$work/ts" 2>&1); then
	pass "typescript example type-checks"
else
	fail "typescript example: $out"
fi

# Python: run under mocks, as tests/python runs the example.
mkdir -p "$work/py"
example python >"$work/py/__main__.py"
if out=$(bin/venv/bin/python tests/python/example_under_mocks.py "$work/py" 2>&1) &&
	grep -q '"type": "cloudflare-secondary-dns:index:Tsig"' <<<"$out" &&
	grep -q '"type": "cloudflare-secondary-dns:index:Peer"' <<<"$out"; then
	pass "python example registers a Tsig and a Peer"
else
	fail "python example: $(tail -3 <<<"$out")"
fi

# Go: a program in a module with the Go example's requirements, the SDK replaced by sdk/.
mkdir -p "$work/go"
example go >"$work/go/main.go"
cp examples/go/go.mod examples/go/go.sum "$work/go/"
(cd "$work/go" && go mod edit -module docs.example/secondarydns \
	-replace "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk=$root/sdk")
if out=$(cd "$work/go" && GOFLAGS=-mod=mod go build -o /dev/null . 2>&1); then
	pass "go example builds"
else
	fail "go example: $out"
fi

# YAML: every resource's type and property against schema.json.
example yaml >"$work/Pulumi.yaml"
if out=$(bin/venv/bin/python - "$work/Pulumi.yaml" schema.json <<'EOF' 2>&1
import json, sys
import yaml
program = yaml.safe_load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
problems = []
for name, res in program["resources"].items():
    # Generated programs use the short form cloudflare-secondary-dns:Tsig.
    token = res["type"].replace(":", ":index:", 1) if res["type"].count(":") == 1 else res["type"]
    spec = schema["resources"].get(token)
    if spec is None:
        problems.append(f"{name}: unknown type {res['type']}")
        continue
    for prop in res.get("properties", {}):
        if prop not in spec["inputProperties"]:
            problems.append(f"{name}: {res['type']} has no input {prop}")
types = sorted({res["type"] for res in program["resources"].values()})
print("; ".join(problems) if problems else ", ".join(types))
sys.exit(1 if problems else 0)
EOF
); then
	pass "yaml example uses the schema's types and inputs: $out"
else
	fail "yaml example: $out"
fi

# The other code blocks of README.md and docs/: included registry examples, or compiled here.
mkdir -p "$work/snippets"
ln -s "$root/examples/typescript/node_modules" "$work/snippets/node_modules"
if out=$(python3 scripts/docs-snippets.py "$work/snippets" README.md docs/*.md 2>&1) &&
	tsc_out=$(examples/typescript/node_modules/.bin/tsc --noEmit -p "$work/snippets" 2>&1); then
	pass "README and docs code blocks are included examples or compile: $out"
else
	fail "README and docs code blocks: $out ${tsc_out:-}"
fi

# The recovery page's Automation API block: a file of a package, vetted in the tests module,
# which requires the Automation API.
recovery_dir=$(mktemp -d tests/docs-recovery-go.XXXXXX)
trap 'rm -rf "$work" "$recovery_dir"' EXIT
{ echo "package recovery"; awk '/^```go$/ { inside = 1; next } inside && /^```$/ { exit } inside' docs/recovering-an-interrupted-update.md; } > "$recovery_dir/recovery.go"
if out=$(cd tests && go vet "./$(basename "$recovery_dir")" 2>&1); then
	pass "recovering-an-interrupted-update.md: the Automation API block compiles"
else
	fail "recovering-an-interrupted-update.md: the Automation API block: $out"
fi

if [ "$failures" -ne 0 ]; then
	echo "check-docs: $failures check(s) failed"
	exit 1
fi
echo "check-docs: all checks passed"
