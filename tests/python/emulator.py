"""The emulator binary as a test sees it: a process on a free port and its HTTP API.

Changes made here go straight to the emulator's store, as if someone used the Cloudflare
dashboard behind Pulumi's back.
"""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional

START_TIMEOUT = 15  # seconds to wait for the base URL line
STOP_TIMEOUT = 15  # seconds to wait for a graceful shutdown


# The zones the example finds by name (its defaults), seeded into every emulator.
SECONDARY_ZONE = "example.com"
PRIMARY_ZONE = "example.net"


class Emulator:
    """A running cloudflare-secondary-dns-emulator that accepts one token for one account and
    holds the example's zones."""

    def __init__(self, binary: Path, token: str, account_id: str, log_path: Path,
                 state: Optional[Path] = None) -> None:
        """state: a state file the emulator loads and keeps its store in (-state)."""
        self.token = token
        self.account_id = account_id
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self._process = subprocess.Popen(
            [str(binary), "-addr", "127.0.0.1:0", "-token", token, "-account", account_id,
             "-zone", f"{SECONDARY_ZONE}=secondary", "-zone", f"{PRIMARY_ZONE}=full",
             *(["-state", str(state)] if state else [])],
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self.base_url = self._first_stdout_line()

    def _first_stdout_line(self) -> str:
        # readline blocks; a thread lets a stuck or crashed emulator fail the test in time.
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(self._process.stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=START_TIMEOUT).strip()
        except queue.Empty:
            line = ""
        if not line.startswith("http://127.0.0.1:") or not line.endswith("/client/v4/"):
            self._process.kill()
            self._process.wait()
            self._log.close()
            raise RuntimeError(
                f"the emulator printed {line!r} instead of its base URL; its log:\n{self.log()}"
            )
        return line

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> int:
        """Stops the emulator with SIGTERM, as a user would, and returns its exit code."""
        self._process.send_signal(signal.SIGTERM)
        try:
            return self._process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            raise RuntimeError(f"the emulator ignored SIGTERM for {STOP_TIMEOUT}s")
        finally:
            self._process.stdout.close()
            self._log.close()

    # The emulator's own API: Cloudflare's paths and envelope.

    def _call(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        return self._request(method, f"accounts/{self.account_id}/secondary_dns/{path}", body)

    def _request(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        url = f"{self.base_url}{path}"
        request = urllib.request.Request(url, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, data=data, timeout=10) as response:
            envelope = json.load(response)
        assert envelope["success"], f"{method} {path}: {envelope['errors']}"
        return envelope["result"]

    def tsigs(self) -> list[dict[str, Any]]:
        return self._call("GET", "tsigs")

    def peers(self) -> list[dict[str, Any]]:
        return self._call("GET", "peers")

    def acls(self) -> list[dict[str, Any]]:
        return self._call("GET", "acls")

    def zone_id(self, name: str) -> str:
        [zone] = self._request("GET", f"zones?account.id={self.account_id}&name={name}")
        return zone["id"]

    def transfer(self, zone_id: str, direction: str) -> Optional[dict[str, Any]]:
        """The zone's incoming or outgoing transfer configuration, None when it has none."""
        try:
            return self._request("GET", f"zones/{zone_id}/secondary_dns/{direction}")
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise

    def outgoing_enabled(self, zone_id: str) -> bool:
        return self._request("GET", f"zones/{zone_id}/secondary_dns/outgoing/status") == "Enabled"

    def create_tsig(self, name: str, algo: str, secret: str) -> dict[str, Any]:
        return self._call("POST", "tsigs", {"name": name, "algo": algo, "secret": secret})

    def create_peer(self, **fields: Any) -> dict[str, Any]:
        """Creates a peer by name, then sets its other fields, as the API requires."""
        created = self._call("POST", "peers", {"name": fields["name"]})
        return self.put_peer(created["id"], **fields)

    def put_peer(self, peer_id: str, **fields: Any) -> dict[str, Any]:
        """Replaces the whole peer: fields not given are cleared."""
        return self._call("PUT", f"peers/{peer_id}", fields)
