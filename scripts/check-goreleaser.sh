#!/usr/bin/env bash
# Checks that a goreleaser snapshot (make check-goreleaser) agrees with make dist: the same
# archive names for the same version, each plugin archive holding the plugin binary alone and
# each tools archive the emulator and the import command, and the host's binaries reporting
# that version.
# Usage: scripts/check-goreleaser.sh GORELEASER_DIST_DIR
set -euo pipefail

out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$out/metadata.json")
failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

want=$(make -s --no-print-directory -C "$root" dist-archive-names VERSION="$version" | sort)
got=$(cd "$out" && ls -1 pulumi-resource-*.tar.gz | sort)
if [ "$want" = "$got" ]; then pass "archive names for $version agree with make dist"; else
	fail "archive names: make dist: $(echo $want); goreleaser: $(echo $got)"; fi

for archive in $got; do
	exe=pulumi-resource-cloudflare-secondary-dns
	case $archive in *-windows-*) exe=$exe.exe ;; esac
	listing=$(tar -tzf "$out/$archive")
	if [ "$listing" = "$exe" ]; then pass "$archive holds $exe alone"; else fail "$archive holds: $(echo $listing)"; fi
done

# The tools archives: the emulator and the import command, nothing else.
want=$(make -s --no-print-directory -C "$root" dist-tools-archive-names VERSION="$version" | sort)
got=$(cd "$out" && ls -1 cloudflare-secondary-dns-tools-*.tar.gz | sort)
if [ "$want" = "$got" ]; then pass "tools archive names for $version agree with make dist"; else
	fail "tools archive names: make dist: $(echo $want); goreleaser: $(echo $got)"; fi
for archive in $got; do
	exes="cloudflare-secondary-dns-emulator cloudflare-secondary-dns-import"
	case $archive in *-windows-*) exes="cloudflare-secondary-dns-emulator.exe cloudflare-secondary-dns-import.exe" ;; esac
	listing=$(tar -tzf "$out/$archive" | sort | tr '\n' ' ')
	if [ "$listing" = "$exes " ]; then pass "$archive holds $exes"; else fail "$archive holds: $listing"; fi
done

host=$(go env GOOS)-$(go env GOARCH)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$out/pulumi-resource-cloudflare-secondary-dns-v$version-$host.tar.gz" -C "$work"
reported=$("$work/pulumi-resource-cloudflare-secondary-dns" --version 2>&1)
if [ "$reported" = "$version" ]; then pass "$host binary reports $version"; else fail "$host binary reports '$reported', want $version"; fi
tar -xzf "$out/cloudflare-secondary-dns-tools-v$version-$host.tar.gz" -C "$work"
reported=$("$work/cloudflare-secondary-dns-import" --version 2>&1)
if [ "$reported" = "$version" ]; then pass "$host import command reports $version"; else fail "$host import command reports '$reported', want $version"; fi

if [ "$failures" -ne 0 ]; then
	echo "check-goreleaser: $failures check(s) failed"
	exit 1
fi
echo "check-goreleaser: goreleaser and make dist agree"
