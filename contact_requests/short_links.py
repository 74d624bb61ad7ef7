"""The short link to a youth's tracking page, for SMS: `/s/<token>`, which redirects to `/suivi/<signed token>/`.

The signed link (`ContactRequest.tracking_token()`) is some 65 characters: in an SMS of 160, with the reference, the
structure and the date, it leaves no room. A shorter encoding of the same signed value would have to cut its
signature. So the short link is a random token stored beside the request instead:

- as hard to guess: 128 random bits (`secrets.token_urlsafe(16)`, 22 characters), more than any online guessing
  reaches, looked up by a unique index;
- the same expiry: the signed link works REQUEST_LINK_MAX_AGE_DAYS after it was sent; the short link works that long
  after the last SMS that carried it (each one renews it), so every SMS link the youth holds works as long;
- purged with the request: the retention purge deletes it, and the link then leads nowhere.

One token per request, written in every SMS about it: the question after the due date carries the same link as the
acknowledgement.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

TOKEN_BYTES = 16


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.REQUEST_LINK_MAX_AGE_DAYS)


class ShortLink(models.Model):
    request = models.OneToOneField(
        "contact_requests.ContactRequest", on_delete=models.CASCADE, related_name="short_link"
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    renewed_at = models.DateTimeField("dernier envoi du lien", default=timezone.now)

    class Meta:
        verbose_name = "lien court de suivi"
        verbose_name_plural = "liens courts de suivi"

    def __str__(self):
        return f"Lien court de la demande {self.request_id}"

    def has_expired(self, now: datetime.datetime) -> bool:
        """Sent by the last SMS that carried it more than REQUEST_LINK_MAX_AGE_DAYS ago."""
        return self.renewed_at <= now - max_age()


def short_url(contact_request, *, now: datetime.datetime) -> str:
    """The request's short link, in full, valid REQUEST_LINK_MAX_AGE_DAYS from `now` (call it when sending it)."""
    link, created = ShortLink.objects.get_or_create(request=contact_request, defaults={"renewed_at": now})
    if not created and link.renewed_at < now:
        ShortLink.objects.filter(pk=link.pk).update(renewed_at=now)
    return settings.SITE_URL + reverse("contact_requests:short_link", kwargs={"token": link.token})


def request_of(token: str, *, now: datetime.datetime):
    """(the request a short link opens, None) or (None, why not: "invalid" or "expired", as for a signed link)."""
    link = ShortLink.objects.select_related("request").filter(token=token).first()
    if link is None or link.request.anonymised_at is not None:
        return None, "invalid"
    if link.has_expired(now):
        return None, "expired"
    return link.request, None
