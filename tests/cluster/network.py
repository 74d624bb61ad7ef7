"""The cluster's hosts: one Linux network namespace each, plugged by a veth pair into a bridge that lives in a namespace
of its own (the switch). Nothing is routed to or from the machine's own network: the traffic stays between them."""

import contextlib
import os
import signal
import subprocess
import time

PREFIX = "boussole-cluster-"
SUBNET = "10.77.0"
# Each host and the last number of its address. The harness and the load run on `client`.
HOSTS = {
    "lb": 10,
    "web1": 11,
    "web2": 12,
    "worker1": 21,
    "worker2": 22,
    "beat": 31,
    "db": 41,
    "redis": 42,
    "brevo": 51,
    "client": 100,
}
SWITCH = "switch"
BRIDGE = "br0"


def address(host: str) -> str:
    return f"{SUBNET}.{HOSTS[host]}"


def namespace(host: str) -> str:
    return f"{PREFIX}{host}"


def on(host: str) -> list[str]:
    """The prefix that runs a command on a host."""
    return ["ip", "netns", "exec", namespace(host)]


def _ip(*args: str):
    subprocess.run(["ip", *args], check=True)


def build():
    switch = namespace(SWITCH)
    _ip("netns", "add", switch)
    _ip("-n", switch, "link", "add", BRIDGE, "type", "bridge")
    _ip("-n", switch, "link", "set", BRIDGE, "up")
    for host in HOSTS:
        name = namespace(host)
        _ip("netns", "add", name)
        _ip("-n", name, "link", "set", "lo", "up")
        # The host's end is its eth0; the switch's end is named after the host, so that it can be unplugged.
        _ip("link", "add", "eth0", "netns", name, "type", "veth", "peer", "name", host, "netns", switch)
        _ip("-n", switch, "link", "set", host, "master", BRIDGE, "up")
        _ip("-n", name, "addr", "add", f"{address(host)}/24", "dev", "eth0")
        _ip("-n", name, "link", "set", "eth0", "up")


def unplug(host: str):
    """The host's cable pulled out of the switch: its packets are dropped, its connections are not closed."""
    _ip("-n", namespace(SWITCH), "link", "set", host, "down")


def plug(host: str):
    _ip("-n", namespace(SWITCH), "link", "set", host, "up")


def namespaces() -> list[str]:
    """The cluster's namespaces that exist, this run's or a previous aborted run's."""
    listed = subprocess.run(["ip", "netns", "list"], check=True, capture_output=True, text=True).stdout
    return [line.split()[0] for line in listed.splitlines() if line.startswith(PREFIX)]


def pids(name: str) -> list[int]:
    """The processes running on a host (in its namespace)."""
    listed = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout
    return [int(pid) for pid in listed.split()]


def kill_host(host: str, sig=signal.SIGKILL) -> int:
    """Every process of the host receives `sig`, as when the machine dies; returns how many."""
    found = pids(namespace(host))
    for pid in found:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    return len(found)


def tear_down():
    """Stops every process the cluster started on its hosts, then removes the hosts and the switch."""
    existing = namespaces()
    for name in existing:
        for pid in pids(name):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while any(pids(name) for name in existing) and time.monotonic() < deadline:
        time.sleep(0.2)
    for name in existing:
        for pid in pids(name):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    for name in existing:
        subprocess.run(["ip", "netns", "del", name], check=False)
