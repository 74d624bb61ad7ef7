"""The history of a request: who did what, when, and who looked at the youth's data."""

import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.formats import date_format

from contact_requests.enums import YOUTH_EVENT_LABELS, EventKind
from territories import working_days

# A message about the request that its provider could not deliver.
UNDELIVERED_KINDS = [EventKind.ALERT_UNDELIVERED, EventKind.YOUTH_UNDELIVERED]


class RequestEventQuerySet(models.QuerySet):
    def history(self):
        """What professionals read of the history: not the audit of who looked at the data (it has its own page)."""
        return self.exclude(kind=EventKind.VIEWED)

    def public(self):
        """What the youth sees of the history: not the audit of who looked at the data, the animators' notes, the
        corrections made in the site's administration, nor the messages that did not arrive."""
        return self.exclude(kind__in=[EventKind.VIEWED, EventKind.NOTE, EventKind.EDITED, *UNDELIVERED_KINDS])

    def youth_said_contacted(self, *, since=None):
        """The youth's "On m'a contacté·e" that still stand: not taken back by a later "Je me suis trompé·e". The one
        definition the page and the statistics count.

        With `since`, for answers read from that moment on (`recorded_at`): their taking back, written after them, is
        looked for among the answers written since then too, which an index holds (a few, where a lookup per answer
        reads the whole history of its request)."""
        taken_back = self.model.objects.filter(
            request=models.OuterRef("request"), kind=EventKind.YOUTH_CONTACT_UNDONE, pk__gt=models.OuterRef("pk")
        )
        if since is not None:
            taken_back = taken_back.filter(recorded_at__gte=since)
        return self.filter(kind=EventKind.YOUTH_CONTACTED).exclude(models.Exists(taken_back))

    def record_views(self, request_ids, *, by, at=None, **data):
        """Records that someone read these requests' personal data elsewhere than on their page (an export)."""
        at = at or timezone.now()
        return self.bulk_create(
            [self.model(request_id=pk, kind=EventKind.VIEWED, actor=by, at=at, data=data) for pk in request_ids]
        )

    def record_views_of(self, requests, *, by, at=None, **data) -> int:
        """`record_views` for every request of a queryset, in one INSERT … SELECT: a file of 100,000 requests costs
        one statement, not 100,000 objects. Returns how many were recorded."""
        connection = connections[self.db]
        fields = {name: self.model._meta.get_field(name) for name in ("kind", "actor", "at", "data")}
        values = {"kind": EventKind.VIEWED, "actor": by.pk if by else None, "at": at or timezone.now(), "data": data}
        params = [fields[name].get_db_prep_save(value, connection) for name, value in values.items()]
        ids, ids_params = requests.order_by().values(viewed_request=models.F("pk")).query.sql_with_params()
        columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in values)
        request_column = connection.ops.quote_name(self.model._meta.get_field("request").column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(self.model._meta.db_table)} ({columns}, {request_column}) "
                f"SELECT %s, %s, %s, %s, ids.viewed_request FROM ({ids}) ids",
                [*params, *ids_params],
            )
            return cursor.rowcount


class RequestEvent(models.Model):
    """The append-only history of a request: who did what, when; also who looked at the youth's data."""

    request = models.ForeignKey("contact_requests.ContactRequest", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("événement", max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now)
    # When the row was written, by the database's clock (`at` may say an earlier moment): the statistics' daily
    # summary recounts the days of the requests whose history grew since it last ran.
    recorded_at = models.DateTimeField("enregistré le", db_default=Now(), editable=False)
    data = models.JSONField(default=dict, blank=True)

    objects = RequestEventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = ["at", "pk"]
        indexes = [
            # What changed since a moment, without the (many) reads of personal data, which change nothing.
            models.Index(
                fields=["recorded_at"], condition=~models.Q(kind=EventKind.VIEWED), name="event_recorded_change_idx"
            ),
            # The youths' answers (a few among every event), which the statistics count per request.
            models.Index(
                fields=["request", "kind"],
                condition=models.Q(kind__in=[EventKind.YOUTH_CONTACTED, EventKind.YOUTH_NOT_CONTACTED]),
                name="event_youth_answer_idx",
            ),
            # The same answers, and their taking back, by the moment they were written: the statistics read live the
            # few given since a day. Only for a query that bounds that moment (the condition's date is before any):
            # read whole, in the order it was written, the index looks cheap to the planner of the daily summary,
            # whose lookups per request then become a scan of every answer ever given and of the whole history.
            models.Index(
                fields=["recorded_at"],
                include=["request", "kind"],
                condition=models.Q(
                    kind__in=[EventKind.YOUTH_CONTACTED, EventKind.YOUTH_NOT_CONTACTED, EventKind.YOUTH_CONTACT_UNDONE],
                    recorded_at__gte=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
                ),
                name="event_youth_answer_recent_idx",
            ),
            # The messages that did not arrive (a few among every event), which the animators' home lists.
            models.Index(
                fields=["request", "kind"],
                condition=models.Q(kind__in=UNDELIVERED_KINDS),
                name="event_undelivered_idx",
            ),
        ]

    def __str__(self):
        return f"{self.request} — {self.get_kind_display()}"

    @property
    def corrections(self) -> list[tuple[str, str, str]]:
        """What a correction in the site's administration changed, as (field, old value, new value)."""
        fields = self._meta.get_field("request").related_model._meta
        return [(fields.get_field(name).verbose_name, *values) for name, values in self.data.get("changes", {}).items()]

    @property
    def label_for_youth(self) -> str:
        label = YOUTH_EVENT_LABELS[self.kind]
        if self.kind == EventKind.CONTACTED and self.data.get("contacted_at"):
            contacted_at = datetime.datetime.fromisoformat(self.data["contacted_at"])
            label += f" le {date_format(working_days.local_date(contacted_at, self.request.department), 'l j F')}"
        return label
