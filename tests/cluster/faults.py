"""The four faults of the cluster test, each injected under the steady load, and what each checks on the spot (the
losses and duplicates are counted at the end, in `report.py`)."""

import datetime
import re
import subprocess
import threading
import time
import uuid
from ast import literal_eval

from django.utils import timezone

from tests.cluster import network, services
from tests.cluster.services import LOG_DIR, wait_until
from tests.cluster.youth import Youth

BURST = 30  # contact requests sent at once by the harness: an alert and an acknowledgement each
CUT_SECONDS = 10
WEB_PROCESSES = 2 * 2  # two web hosts, WEB_CONCURRENCY=2 each
RATE_LIMIT = 5  # REQUEST_RATE_LIMIT_PER_HOUR, left at its default
DUE_REQUESTS = 20
SLOT_SECONDS = 10
WORKERS = ("worker1", "worker2")
SEND_DONE = re.compile(r"notifications\.tasks\.send_email\[[^\]]+\] succeeded in ([\d.]+)s")
SWEEP_DONE = re.compile(r"contact_requests\.tasks\.sweep_requests\[[^\]]+\] succeeded in [\d.]+s: (\{[^}]*\})")


def received_count(sender: str = "") -> int:
    """How many messages the provider received, from one host's address if given."""
    path = LOG_DIR / "brevo.jsonl"
    if not path.exists():
        return 0
    with open(path) as received:
        return sum(1 for line in received if f'"from": "{sender}' in line)


def new_email(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}@grappe.example.fr"


def no_fault(cluster, phase):
    """The reference: the same load, nothing broken."""


def web_host_killed(cluster, phase):
    """web1 dies (every process SIGKILLed, requests in flight included), then is started again."""
    time.sleep(10)
    killed = network.kill_host("web1")
    time.sleep(8)
    cluster.start(services.web("web1", cluster.env))
    cluster.wait_web("web1")
    phase.notes.append(f"web1 : {killed} processus tués par SIGKILL, relancé 8 s après")


def worker_cut_off(cluster, phase):
    """worker1's cable pulled out in the middle of a burst of contact requests (their alerts and acknowledgements),
    plugged back CUT_SECONDS later."""
    time.sleep(5)
    offers = [offer["pk"] for offer in cluster.journey["offers"]]
    emails = [new_email("rafale") for _ in range(BURST)]
    worker1 = network.address("worker1")
    before, by_worker1, log_offset = received_count(), received_count(worker1), cluster.processes["worker1"].log_size()
    outcomes = []
    burst = threading.Thread(target=lambda: outcomes.extend(cluster.submit_many(emails, offers)))
    burst.start()
    # Cut once worker1 is busy with the burst: it has already handed a few of its e-mails to the provider.
    wait_until("la rafale d’e-mails", lambda: received_count(worker1) >= by_worker1 + 3, timeout=60, every=0.05)
    network.unplug("worker1")
    received_at_cut = received_count() - before
    time.sleep(CUT_SECONDS)
    network.plug("worker1")
    burst.join()
    time.sleep(10)  # what worker1 had under way ends once its connections come back
    sends = [float(seconds) for seconds in SEND_DONE.findall(cluster.log("worker1", log_offset))]
    # A send that lasted about as long as the cut was under way when the cable was pulled: it ended once back.
    in_flight = sum(seconds >= CUT_SECONDS - 1 for seconds in sends)
    phase.accepted += [email for email, outcome in zip(emails, outcomes, strict=True) if outcome == "accepted"]
    phase.extra_requests += len(emails)
    phase.extra_errors += sum(outcome != "accepted" for outcome in outcomes)
    phase.notes.append(
        f"worker1 débranché {CUT_SECONDS} s au milieu d’une rafale de {BURST} demandes ({received_at_cut} e-mails "
        f"reçus par le fournisseur avant la coupure ; worker1 a fait {len(sends)} envois, dont {in_flight} en cours "
        "pendant la coupure et finis après)"
    )


def _submit_same_email(count: int, offer_pk: int, commune: str) -> list[str]:
    email = new_email("limite")
    return [Youth().ask_to_be_contacted(offer_pk=offer_pk, commune=commune, email=email) for _ in range(count)]


def redis_restarted(cluster, phase):
    """Redis stopped and started again, empty: its queue, the shared cache and the rate counts are lost.

    Documented (core/ratelimit.py): while the cache is unreachable, each web process counts on its own, so a limit
    holds per process, never not at all; sessions are in the database and survive. Once Redis is back (and each
    process's pause after a failure, 30 s, is over), the limit is shared again."""
    journey, offer_pk = cluster.journey, cluster.journey["offers"][0]["pk"]
    time.sleep(5)
    youth = Youth()
    youth.answer_questionnaire(journey)
    redis = cluster.processes["redis"]
    redis.stop()
    stopped = time.monotonic()
    during = _submit_same_email(RATE_LIMIT * WEB_PROCESSES + 1, offer_pk, journey["commune"])
    cluster.start(services.redis(cluster.env))
    ping = ["redis-cli", "-h", network.address("redis"), "ping"]
    wait_until("Redis", lambda: subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG")
    restarted = time.monotonic()
    down = restarted - stopped
    results = youth.results(journey)
    if results.status_code != 200 or results.history:
        phase.problems.append(f"questionnaire perdu après le redémarrage de Redis ({results.status_code})")
    if "rate_limited" not in during:
        phase.problems.append(f"limite par e-mail jamais appliquée pendant la coupure ({len(during)} envois)")
    # Past the 30 s each web process leaves the cache alone after a failure (core/cache.py).
    time.sleep(max(0.0, 35 - (time.monotonic() - restarted)))
    after = _submit_same_email(RATE_LIMIT + 1, offer_pk, journey["commune"])
    if after != ["accepted"] * RATE_LIMIT + ["rate_limited"]:
        phase.problems.append(f"limite partagée non rétablie après Redis : {after}")
    phase.extra_requests += 3 + len(during) + len(after)
    phase.notes.append(
        f"Redis arrêté {down:.1f} s puis relancé vide ; même e-mail {len(during)} fois pendant la coupure : "
        f"{during.count('rate_limited')} refus (au moins 1 attendu, une limite par processus) ; après : "
        f"{after.count('accepted')} acceptées, {after.count('rate_limited')} refusée (5 et 1 attendus) ; "
        "questionnaire gardé (sessions en base)"
    )


def second_beat(cluster, phase):
    """A second Celery beat started by mistake on worker2. The sweep's slots then come every SLOT_SECONDS rather than
    every 10 minutes, and both beats send it in each: requests due for a reminder, a question to the youth and an
    escalation must each get them once, however many sweeps run."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from contact_requests.models import ContactRequest

    time.sleep(3)
    cluster.start(services.beat("beat2", "worker2", cluster.env))
    wait_until("le second beat", lambda: "beat: Starting" in cluster.log("beat2"), timeout=60)
    time.sleep(2)
    due = list(ContactRequest.objects.filter(email__endswith="@grappe.example.fr").values_list("pk", flat=True))
    due = due[:DUE_REQUESTS]
    past = timezone.now() - datetime.timedelta(minutes=1)
    ContactRequest.objects.filter(pk__in=due).update(remind_at=past, follow_up_at=past, escalate_at=past)
    offsets = {name: cluster.processes[name].log_size() for name in ("worker1", "worker2", "beat", "beat2")}
    sweep = PeriodicTask.objects.get(name="sweep-contact-requests")
    usual = sweep.interval
    sweep.interval, _ = IntervalSchedule.objects.get_or_create(every=SLOT_SECONDS, period=IntervalSchedule.SECONDS)
    sweep.save()  # both beats read their schedule again

    def sent_by(name):
        return cluster.log(name, offsets[name]).count("Sending due task sweep-contact-requests")

    try:
        wait_until("le balayage par les deux beats", lambda: min(sent_by("beat"), sent_by("beat2")) >= 2, timeout=45)
    finally:
        sweep.interval = usual
        sweep.save()
    time.sleep(5)
    done = [literal_eval(found) for name in WORKERS for found in SWEEP_DONE.findall(cluster.log(name, offsets[name]))]
    totals = {kind: sum(run[kind] for run in done) for kind in ("rappels", "questions", "signalements")}
    if totals != dict.fromkeys(totals, len(due)):
        phase.problems.append(f"{len(due)} demandes dues, {len(done)} balayages ont fait {totals}")
    phase.notes.append(
        f"second beat sur worker2 ; balayage toutes les {SLOT_SECONDS} s, envoyé {sent_by('beat')} fois par beat et "
        f"{sent_by('beat2')} fois par beat2, {len(done)} balayages faits pour {len(due)} demandes dues : {totals} "
        "(chaque demande une fois)"
    )


PLAN = [
    ("0. sans panne", 20, no_fault),
    ("1. web1 tué puis relancé", 40, web_host_killed),
    ("2. worker1 coupé du réseau", 40, worker_cut_off),
    ("3. Redis redémarré", 55, redis_restarted),
    ("4. second beat", 45, second_beat),
]


def send_one_email_twice():
    """The test of the test (CLUSTER_SEND_TWICE=1): one e-mail already sent goes through the real provider client a
    second time, as a worker that forgot it had sent it would; the test must then fail."""
    from notifications.enums import MessageStatus
    from notifications.models import Email
    from notifications.tasks import build_message

    email = Email.objects.filter(status=MessageStatus.SENT, contains_private_link=False).order_by("-pk").first()
    build_message(email).send()
    print(f"CLUSTER_SEND_TWICE : l’e-mail {email.pk} ({email.kind}) remis une seconde fois au fournisseur.")
