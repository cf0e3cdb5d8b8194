"""Runs examples/python as the Python language host would (its directory's __main__.py), with
Pulumi's mocks instead of an engine, and prints the resources it registered as JSON lines.

A separate process: mocks replace the runtime's globals, which the inline programs of the
other tests share. Arguments: the example directory, then config as key=value.
"""

import json
import runpy
import sys
import threading

import pulumi


class Recorder(pulumi.runtime.Mocks):
    # The SDK may register resources from several threads at once: one whole line per write.
    _lock = threading.Lock()

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        line = json.dumps({"type": args.typ, "name": args.name, "inputs": args.inputs}) + "\n"
        with self._lock:
            sys.stdout.write(line)
            sys.stdout.flush()
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        # getZone finds a zone of the name; its ID names it, so the output shows which zone.
        if args.token == "cloudflare-secondary-dns:index:getZone":
            name = args.args["name"]
            return {"zoneId": f"{name}-zone-id", "name": name, "type": "full", "nameServers": []}
        return {}


def main(example: str, config: list[str]) -> None:
    pulumi.runtime.set_mocks(Recorder(), project="example", stack="mocked", preview=False)
    pulumi.runtime.set_all_config(dict(item.split("=", 1) for item in config))
    pulumi.runtime.test(lambda: runpy.run_path(example, run_name="__main__") and None)()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
