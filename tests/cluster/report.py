"""What the cluster test counts once the outbox is empty: per fault, the load's requests and errors, the contact
requests accepted (a confirmation page served) against their rows in the database, and the e-mails of that time
against what the provider received. Any loss or duplicate fails the test."""

import json
import time
from collections import Counter

from tests.cluster.services import LOG_DIR

# Failed requests (502 while a host dies, "réessaie dans un instant"…) must stay few: at most this share of a phase's.
MAX_ERROR_SHARE = 0.05
COLUMNS = [
    ("panne", 28),
    ("requêtes", 9),
    ("erreurs", 8),
    ("acceptées", 10),
    ("lignes", 7),
    ("e-mails envoyés", 16),
    ("doublons", 9),
    ("pertes", 7),
]


def received() -> list[dict]:
    path = LOG_DIR / "brevo.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def wait_for_outbox(since: float, timeout: float = 240):
    """Until no e-mail or SMS written since `since` waits to be sent (the requeue sweep hands over lost tasks after a
    minute, beat runs it every minute)."""
    import datetime

    from notifications.enums import MessageStatus
    from notifications.models import Email, Sms

    written_since = datetime.datetime.fromtimestamp(since, tz=datetime.UTC)
    waiting = [MessageStatus.QUEUED, MessageStatus.SENDING]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = sum(
            model.objects.filter(created_at__gte=written_since, status__in=waiting).count() for model in (Email, Sms)
        )
        if not left:
            return
        time.sleep(2)


def phase_figures(phase, start, end, receipts: Counter) -> dict:
    import datetime

    from contact_requests.models import ContactRequest
    from notifications.enums import MessageStatus
    from notifications.models import Email
    from notifications.tasks import idempotency_key

    rows = Counter(ContactRequest.objects.filter(email__in=phase.accepted).values_list("email", flat=True))
    window = {"created_at__gte": datetime.datetime.fromtimestamp(start, tz=datetime.UTC)}
    if end is not None:
        window["created_at__lt"] = datetime.datetime.fromtimestamp(end, tz=datetime.UTC)
    emails = list(Email.objects.filter(**window))
    sent = lost = duplicates = 0
    for email in emails:
        times = receipts[idempotency_key(email)]
        sent += times > 0
        lost += email.status != MessageStatus.SENT or times == 0
        duplicates += max(0, times - 1)
    # The same e-mail written twice in the outbox (two alerts for one request, two reminders…).
    written = Counter((email.kind, email.related_type, email.related_id, tuple(email.recipients)) for email in emails)
    duplicates += sum(count - 1 for count in written.values())
    requests = phase.load["requests"] + phase.extra_requests
    return {
        "requests": requests,
        "errors": phase.load["errors"] + phase.extra_errors,
        "accepted": len(phase.accepted),
        "rows": sum(rows.values()),
        "sent": sent,
        "duplicates": duplicates + sum(count - 1 for count in rows.values()),
        "lost": lost + sum(1 for email in set(phase.accepted) if not rows[email]),
    }


def check(phases) -> bool:
    receipts = Counter(message["key"] for message in received() if message["channel"] == "email")
    print()
    print(
        " ".join(f"{label:>{width}}" if index else f"{label:<{width}}" for index, (label, width) in enumerate(COLUMNS))
    )
    ok = True
    notes = []
    for index, phase in enumerate(phases):
        end = phases[index + 1].start if index + 1 < len(phases) else None
        figures = phase_figures(phase, phase.start, end, receipts)
        values = [phase.name, *figures.values()]
        print(
            " ".join(
                f"{value:>{width}}" if i else f"{value:<{width}}"
                for i, (value, (_, width)) in enumerate(zip(values, COLUMNS, strict=True))
            )
        )
        problems = list(phase.problems)
        if figures["lost"] or figures["duplicates"]:
            problems.append(f"{figures['lost']} pertes, {figures['duplicates']} doublons")
        if figures["accepted"] != figures["rows"]:
            problems.append(f"{figures['accepted']} demandes acceptées, {figures['rows']} lignes")
        if figures["errors"] > MAX_ERROR_SHARE * figures["requests"] or (index == 0 and figures["errors"]):
            problems.append(f"{figures['errors']} erreurs sur {figures['requests']} requêtes")
        if not figures["accepted"]:
            problems.append("aucune demande acceptée : la charge n’a rien vérifié")
        notes += [f"{phase.name} : {note}" for note in phase.notes]
        notes += [f"{phase.name} : ÉCHEC, {problem}" for problem in problems]
        ok = ok and not problems
    print()
    print("\n".join(notes))
    print()
    print("Grappe : OK, rien de perdu ni d’envoyé deux fois." if ok else "Grappe : ÉCHEC.")
    return ok
