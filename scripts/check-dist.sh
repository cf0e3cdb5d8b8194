#!/usr/bin/env bash
# Checks what `make dist` built for one platform, as a user's tools would meet it:
#   the plugin archive: its name, its listing, the version the binary reports, and that the Pulumi
#     CLI downloads and installs it through the schema's pluginDownloadURL (served locally);
#   the tools archive: its name, its listing (the emulator and the import command), and the
#     version the import command reports;
#   the npm tarball and the Python wheel/sdist: their versions, and that each installs into a
#     clean project and imports.
# Usage: scripts/check-dist.sh DIST_DIR VERSION PEP440_VERSION OS-ARCH   (make check-dist)
set -euo pipefail

dist=$(cd "$1" && pwd)
version=$2
py_version=$3
platform=$4
os=${platform%-*}
root=$(cd "$(dirname "$0")/.." && pwd)
pulumi=${PULUMI:-$root/bin/pulumi}
name=cloudflare-secondary-dns
exe=pulumi-resource-$name
[ "$os" = windows ] && exe=$exe.exe
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1: $3"; else fail "$1: want '$2', got '$3'"; fi
}

download_url=$(sed -n 's/^ *"pluginDownloadURL": "\(.*\)",*$/\1/p' "$root/schema.json")
check "schema.json pluginDownloadURL" "github://api.github.com/cfsecdns/pulumi-$name" "$download_url"

# The plugin archive.
archive=pulumi-resource-$name-v$version-$platform.tar.gz
if [ -f "$dist/$archive" ]; then pass "archive name: $archive"; else fail "archive $archive missing; $dist holds: $(ls "$dist" | tr '\n' ' ')"; fi
check "archive listing" "$exe" "$(tar -tzf "$dist/$archive" 2>&1)"
mkdir -p "$work/extract"
if tar -xzf "$dist/$archive" -C "$work/extract" 2>/dev/null; then
	check "archived binary --version" "$version" "$("$work/extract/$exe" --version 2>&1)"
else
	fail "archive $archive cannot be extracted"
fi

# The tools archive: the emulator and the import command, apart from the plugin.
tools=$name-tools-v$version-$platform.tar.gz
tool_exes="$name-emulator $name-import"
[ "$os" = windows ] && tool_exes="$name-emulator.exe $name-import.exe"
if [ -f "$dist/$tools" ]; then pass "tools archive name: $tools"; else fail "tools archive $tools missing"; fi
check "tools archive listing" "$tool_exes" "$(tar -tzf "$dist/$tools" 2>&1 | sort | tr '\n' ' ' | sed 's/ $//')"
mkdir -p "$work/tools"
if tar -xzf "$dist/$tools" -C "$work/tools" 2>/dev/null; then
	check "archived import command --version" "$version" "$("$work/tools/$name-import" --version 2>&1)"
else
	fail "tools archive $tools cannot be extracted"
fi

# The Pulumi CLI resolves the schema's github:// URL to an asset name and downloads it; the
# override (a documented CLI setting) sends that request to a local server of the dist directory.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$dist" >"$work/http.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
	port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$work/http.log")
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -z "${port:-}" ]; then
	fail "local download server did not start: $(cat "$work/http.log")"
else
	if PULUMI_HOME="$work/pulumi-home" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_REGISTRY_RESOLVE=true \
		PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES="^${download_url}\$=http://127.0.0.1:$port" \
		"$pulumi" plugin install resource "$name" "$version" --server "$download_url" >"$work/install.log" 2>&1; then
		installed=$work/pulumi-home/plugins/resource-$name-v$version/$exe
		check "pulumi plugin install (downloaded via pluginDownloadURL) --version" "$version" "$("$installed" --version 2>&1)"
		check "download requested" "GET /$archive" "$(grep -o "GET /[^ ]*" "$work/http.log" | head -1)"
	else
		fail "pulumi plugin install from pluginDownloadURL: $(tail -3 "$work/install.log" | tr "\n" " ")"
	fi
fi

# The npm tarball, installed into a clean project with the engine SDK the tests pin.
tgz=$dist/cfsecdns-pulumi-cloudflare-secondary-dns-$version.tgz
npm_pulumi=$(sed -n 's/^ *"@pulumi\/pulumi": "\(.*\)",*$/\1/p' "$root/tests/nodejs/package.json")
mkdir -p "$work/npm" && cd "$work/npm"
if [ ! -f "$tgz" ]; then
	fail "npm tarball $(basename "$tgz") missing"
elif npm init -y >/dev/null 2>&1 && npm install --no-audit --no-fund --prefer-offline "$tgz" "@pulumi/pulumi@$npm_pulumi" >"$work/npm.log" 2>&1; then
	got=$(node -e '
		const sdk = require("@cfsecdns/pulumi-cloudflare-secondary-dns");
		const pkg = require("@cfsecdns/pulumi-cloudflare-secondary-dns/package.json");
		console.log([typeof sdk.Tsig, typeof sdk.Peer, pkg.version, pkg.pulumi.version, pkg.pulumi.server].join(" "));' 2>&1)
	check "npm install + require: Tsig Peer version plugin-version server" "function function $version $version $download_url" "$got"
else
	fail "npm install $(basename "$tgz"): $(tail -20 "$work/npm.log")"
fi
cd "$root"

# The wheel, installed into a fresh venv (constrained to the tests' pins), and the sdist.
wheel=$dist/pulumi_cloudflare_secondary_dns-$py_version-py3-none-any.whl
sdist=$dist/pulumi_cloudflare_secondary_dns-$py_version.tar.gz
if [ -f "$sdist" ]; then pass "sdist: $(basename "$sdist")"; else fail "sdist $(basename "$sdist") missing"; fi
if [ ! -f "$wheel" ]; then
	fail "wheel $(basename "$wheel") missing; $dist holds: $(ls "$dist" | tr '\n' ' ')"
elif python3 -m venv "$work/venv" && "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
	--no-input -c "$root/tests/python/requirements.txt" "$wheel" >"$work/pip.log" 2>&1; then
	got=$(cd "$work" && "$work/venv/bin/python" -c '
import importlib.metadata, importlib.resources, json
import pulumi_cloudflare_secondary_dns as sdk
plugin = json.loads(importlib.resources.files(sdk).joinpath("pulumi-plugin.json").read_text())
print(sdk.Tsig.__name__, sdk.Peer.__name__, importlib.metadata.version("pulumi_cloudflare_secondary_dns"), plugin["version"], plugin["server"])' 2>&1)
	check "pip install wheel + import: Tsig Peer version plugin-version server" "Tsig Peer $py_version $version $download_url" "$got"
else
	fail "pip install $(basename "$wheel"): $(tail -20 "$work/pip.log")"
fi

if [ "$failures" -ne 0 ]; then
	echo "check-dist: $failures check(s) failed"
	exit 1
fi
echo "check-dist: all checks passed for $version on $platform"
