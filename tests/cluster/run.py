"""The cluster test (`make cluster-test`, as root): the production topology on one machine, with real hosts.

Builds the hosts as network namespaces (network.py), runs the scenario on the client host (scenario.py), and tears
everything down at the end, on failure and on Ctrl-C too; the leftovers of an aborted run are cleared first.

    sudo .venv/bin/python -m tests.cluster.run
"""

import os
import shutil
import signal
import subprocess
import sys

from tests.cluster import network, services

NEEDED = ["ip", "haproxy", "redis-server", "redis-cli", "runuser"]


def clean():
    network.tear_down()
    shutil.rmtree(services.RUN_DIR, ignore_errors=True)


def main() -> int:
    if os.geteuid() != 0:
        print("Le test de grappe crée des espaces de noms réseau : il se lance en root.", file=sys.stderr)
        return 2
    missing = [command for command in NEEDED if shutil.which(command) is None]
    if missing:
        print(f"Il manque : {', '.join(missing)}", file=sys.stderr)
        return 2
    services.postgres_bin()

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    clean()
    shutil.rmtree(services.LOG_DIR, ignore_errors=True)
    services.LOG_DIR.mkdir()
    try:
        network.build()
        services.RUN_DIR.mkdir(mode=0o755)
        scenario = [*network.on("client"), sys.executable, "-m", "tests.cluster.scenario"]
        # The test of the test (see faults.send_one_email_twice) is asked of the harness only, never of the hosts.
        harness = {**services.environment(), "CLUSTER_SEND_TWICE": os.environ.get("CLUSTER_SEND_TWICE", "")}
        return subprocess.call(scenario, cwd=services.BASE_DIR, env=harness)
    except KeyboardInterrupt:
        print("Interrompu : la grappe est arrêtée et supprimée.", file=sys.stderr)
        return 130
    finally:
        clean()


if __name__ == "__main__":
    sys.exit(main())
