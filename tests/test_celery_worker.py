import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from boussole.celery import app

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="REDIS_URL n’est pas défini : pas de courtier pour un vrai worker"
    ),
]


@pytest.fixture
def worker_queue():
    """A real Celery worker process, listening on a queue of its own on the Redis of REDIS_URL."""
    queue = f"test-{uuid.uuid4().hex}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "boussole", "worker", "--pool", "solo", "--queues", queue],
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)


def test_a_real_worker_runs_a_task_sent_through_redis(worker_queue):
    assert not app.conf.task_always_eager

    result = app.send_task("celery.accumulate", args=(3, 5, 8), queue=worker_queue, ignore_result=False)

    assert result.get(timeout=60) == [3, 5, 8]
    assert result.successful()
