#!/usr/bin/env python3
"""Writes the three OpenAPI documents the contract tests read (emulator/openapi_test.go) from
Cloudflare's official one (github.com/cloudflare/api-schemas, openapi.json): each is the paths
below, verbatim, with every component they reference, transitively, and the security schemes.

Usage: scripts/openapi-subsets.py OPENAPI_JSON OUT_DIR
"""
import json
import re
import sys

# file name: the paths it holds (regular expressions over the document's path keys).
SUBSETS = {
    "secondary-dns.openapi.json": r"^/accounts/\{account_id\}/secondary_dns/(tsigs|peers)(/.*)?$",
    "secondary-dns-zones.openapi.json": r"^(/accounts/\{account_id\}/secondary_dns/acls(/.*)?|/zones/\{zone_id\}/secondary_dns/.+)$",
    "zones.openapi.json": r"^/zones(/\{zone_id\})?$",
}
REF = re.compile(r"^#/components/([^/]+)/([^/]+)$")


def refs(node):
    """Every local component reference under node, as (kind, name)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                m = REF.match(value)
                if not m:
                    raise SystemExit(f"openapi-subsets: unsupported reference {value}")
                yield m.group(1), m.group(2).replace("~1", "/").replace("~0", "~")
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def subset(doc, pattern):
    paths = {p: v for p, v in doc["paths"].items() if re.match(pattern, p)}
    if not paths:
        raise SystemExit(f"openapi-subsets: no path matches {pattern}")
    components = {"securitySchemes": dict(doc["components"].get("securitySchemes", {}))}
    pending = list(refs(paths))
    while pending:
        kind, name = pending.pop()
        have = components.setdefault(kind, {})
        if name in have:
            continue
        try:
            have[name] = doc["components"][kind][name]
        except KeyError:
            raise SystemExit(f"openapi-subsets: #/components/{kind}/{name} is referenced but not defined")
        pending.extend(refs(have[name]))
    out = {k: doc[k] for k in ("openapi", "info", "servers", "security") if k in doc}
    out["paths"] = paths
    out["components"] = {kind: dict(sorted(c.items())) for kind, c in sorted(components.items())}
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    for name, pattern in SUBSETS.items():
        part = subset(doc, pattern)
        with open(f"{sys.argv[2]}/{name}", "w", encoding="utf-8") as f:
            json.dump(part, f, indent=2)
            f.write("\n")
        print(f"{sys.argv[2]}/{name}: {len(part['paths'])} paths")


if __name__ == "__main__":
    main()
