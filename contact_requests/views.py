"""The youth's side of a request: the form, the page that says it is sent, the private tracking page and its short
link."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from contact_requests.enums import ANSWER_ANCHOR, ContactChannel
from contact_requests.forms import ContactForm
from contact_requests.models import TRACKING_SALT, ContactRequest
from contact_requests.short_links import request_of
from contact_requests.sms import gets_sms
from contact_requests.submission import Contact, SubmissionOutcome, submit_request, territory_for
from core import ratelimit
from core.forms import ERROR_TITLE
from core.http import client_address
from notifications.sending_hours import next_sending_time
from offers.matching import open_territories_for
from offers.models import Offer
from offers.pages import offer_unavailable
from questionnaires.journey import ANSWERS_SESSION_KEY, questionnaire_for
from territories import working_days
from territories.models import Commune

RATE_LIMIT_WINDOW = 3600

logger = logging.getLogger(__name__)


def _rate_limits(request, data) -> list[tuple[str, int]]:
    """What one request counts against: its address, generously, for a school or a Mission locale's kiosk where many
    youths share it; and each of its contact channels, tightly, so that one person cannot flood an organisation.
    Channels are counted by a keyed digest: no e-mail or phone number in the cache.
    """
    limits = [(f"contact_requests:address:{client_address(request)}", settings.REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR)]
    for channel in filter(None, [data["email"].lower(), data["phone"]]):
        digest = salted_hmac("contact_requests.ratelimit", str(channel)).hexdigest()[:32]
        limits.append((f"contact_requests:contact:{digest}", settings.REQUEST_RATE_LIMIT_PER_HOUR))
    return limits


@login_not_required
@require_http_methods(["GET", "POST"])
def contact_form(request, offer_pk):
    try:
        return _contact_form(request, offer_pk)
    except (OperationalError, InterfaceError):
        # The database refuses connections for a while (a restart, a failover): what the youth typed comes back.
        if request.method != "POST":
            raise
        logger.warning("Contact form of offer %s kept: the database could not be reached.", offer_pk, exc_info=True)
        return _form_kept(request, offer_pk)


def _form_kept(request, offer_pk):
    """The form as the youth sent it, with "réessaie dans un instant", rendered without reading the database: not the
    offer, nor the session, which are out of reach (the page is the public one, whoever is logged in)."""
    form = ContactForm(data=request.POST)
    form.is_valid()
    form.add_error(
        None,
        "Le service ne répond pas pour le moment : réessaie dans un instant. Tout ce que tu as écrit est gardé "
        "ci-dessous.",
    )
    context = {
        "form": form,
        "offer_url": reverse("offers:offer", kwargs={"pk": offer_pk, "slug": "offre"}),
        "commune_code": request.GET.get("commune", ""),
        "title": f"{ERROR_TITLE}Être contacté·e",
    }
    request.user = AnonymousUser()
    try:
        page = render_to_string("contact_requests/form.html", context, request=request)
    except (OperationalError, InterfaceError):
        # The site's configuration was not in the cache either: the page without it.
        page = render_to_string("contact_requests/form.html", {**context, "csrf_token": get_token(request)})
    return HttpResponse(page, status=503, headers={"Retry-After": "10"})


def _contact_form(request, offer_pk):
    offer = Offer.objects.live().with_page_data().filter(pk=offer_pk).first()
    if offer is None:
        return offer_unavailable(request, offer_pk)
    commune = Commune.objects.filter(insee_code=request.GET.get("commune", "")).first()
    territories = list(open_territories_for(commune, offer.theme).values_list("pk", flat=True)) if commune else []
    if commune is None or not Offer.objects.reaching(commune, territories).filter(pk=offer.pk).exists():
        context = {"offer": offer, "commune": commune, "title": offer.title}
        return render(request, "contact_requests/no_commune.html", context)
    form = ContactForm(data=request.POST or None)
    rate_limited = False
    if request.method == "POST" and form.is_valid():
        limits = _rate_limits(request, form.cleaned_data)
        # A list, not a generator: the attempt counts against every limit, even once one refuses it.
        rate_limited = any([ratelimit.hit(key, limit=limit, window=RATE_LIMIT_WINDOW) for key, limit in limits])
        if rate_limited:
            form.add_error(
                None,
                "Tu as envoyé beaucoup de demandes en peu de temps. Attends une heure avant de recommencer, "
                "ou contacte directement la structure.",
            )
        else:
            data = form.cleaned_data
            submission = submit_request(
                offer=offer,
                commune=commune,
                territory_id=territory_for(offer, territories),
                questionnaire=questionnaire_for(offer.theme),
                answers=request.session.get(ANSWERS_SESSION_KEY, {}),
                contact=Contact(
                    first_name=data["first_name"].strip(),
                    email=data["email"].lower(),
                    phone=data["phone"],
                    preferred_channel=data["preferred_channel"],
                    message=data["message"].strip(),
                ),
                submission_key=data["submission_key"],
            )
            if submission.outcome is SubmissionOutcome.SAME_FORM:
                for key, _ in limits:
                    ratelimit.forgive(key)
            return redirect(_sent_url(offer, commune, data, again=submission.outcome is SubmissionOutcome.SAME_FORM))
    context = {
        "offer": offer,
        "commune": commune,
        "form": form,
        "rate_limited": rate_limited,
        "promise": offer.contact_promise(),
        # A page shown again with errors says so first in its title: the first thing a screen reader reads.
        "title": f"{ERROR_TITLE if form.errors else ''}Être contacté·e — {offer.title}",
    }
    return render(request, "contact_requests/form.html", context)


def _sent_url(offer, commune, data, *, again: bool) -> str:
    """Where the form leads, made only of the offer and of what was typed (see `sent`)."""
    channels = ["email"] if data["email"] else []
    if gets_sms(email=data["email"], phone=data["phone"], preferred_channel=data["preferred_channel"]):
        channels.append("sms")
    query = {"commune": commune.insee_code, "lien": "-".join(channels), "par": data["preferred_channel"]}
    if again:
        query["deja"] = "1"
    return f"{reverse('contact_requests:sent', args=[offer.pk])}?{urlencode(query)}"


@login_not_required
@require_safe
def sent(request, offer_pk):
    """The page after the form: the same whether the request was made now or already existed for this email or
    mobile, so that someone who types another person's contact learns nothing of their requests. The reference and
    the private link go to the contact given with the request (`lien`: by e-mail, by SMS), never to this page."""
    offer = Offer.objects.live().select_related("organisation__commune").filter(pk=offer_pk).first()
    if offer is None:
        return offer_unavailable(request, offer_pk)
    channels, preferred = request.GET.get("lien", "").split("-"), request.GET.get("par")
    now = timezone.now()
    zone = working_days.time_zone(offer.organisation.commune.department_id)
    context = {
        "offer": offer,
        "organisation": offer.organisation,
        "commune_code": request.GET.get("commune", ""),
        "promise": offer.contact_promise(now),
        "preferred_channel": ContactChannel(preferred).label if preferred in ContactChannel.values else "",
        "organisation_reached": bool(offer.alert_recipients()),
        "by_email": "email" in channels,
        "by_sms": "sms" in channels,
        # No SMS at night: it leaves at 08:00, where the organisation is.
        "sms_in_the_morning": next_sending_time(now, zone) is not None,
        "already_sent": request.GET.get("deja") == "1",
        "title": "Ta demande est envoyée",
    }
    return render(request, "contact_requests/sent.html", context)


@login_not_required
@require_safe
def short_link(request, token):
    """The short link of the SMS: to the tracking page, through its signed link (see short_links.py)."""
    contact_request, problem = request_of(token, now=timezone.now())
    if problem:
        return _bad_link(request, problem)
    if contact_request.can_report_no_contact:
        # The SMS that sends this link then asks whether someone called: it lands on the answer.
        return redirect(f"{contact_request.tracking_url()}#{ANSWER_ANCHOR}")
    return redirect(contact_request.tracking_url())


def _request_from_token(token):
    try:
        reference = signing.loads(token, salt=TRACKING_SALT, max_age=settings.REQUEST_LINK_MAX_AGE_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    contact_request = (
        ContactRequest.objects.select_related("offer", "organisation__commune", "commune")
        .filter(reference=reference)
        .first()
    )
    return contact_request, None if contact_request else "invalid"


def _bad_link(request, problem):
    return render(
        request, "contact_requests/bad_link.html", {"problem": problem, "title": "Lien non valable"}, status=404
    )


@login_not_required
@require_safe
def tracking(request, token):
    contact_request, problem = _request_from_token(token)
    if problem:
        return _bad_link(request, problem)
    context = {
        "contact_request": contact_request,
        "token": token,
        "events": contact_request.events.public(),
        "confirm_withdrawal": "annuler" in request.GET,
        "confirm_contact": "contacte" in request.GET,
        "undo_deadline": contact_request.contact_confirmation_undo_deadline(),
        "answer_anchor": ANSWER_ANCHOR,
        "title": f"Ta demande {contact_request.reference}",
    }
    return render(request, "contact_requests/tracking.html", context)


def _asked_first(token, action, anchor):
    """The tracking page with the confirmation of `action`: what cannot be done by a slip of the finger is asked
    first, on a page of its own, so that it works without JavaScript."""
    return redirect(f"{reverse('contact_requests:tracking', kwargs={'token': token})}?{action}=1#{anchor}")


@login_not_required
@require_POST
def youth_action(request, token, action):
    contact_request, problem = _request_from_token(token)
    if problem:
        return _bad_link(request, problem)
    confirmed = request.POST.get("confirme") == "oui"
    if action == "annuler" and contact_request.is_open and not confirmed:
        return _asked_first(token, action, "annuler")
    if action == "contacte" and contact_request.is_open and not confirmed:
        return _asked_first(token, action, ANSWER_ANCHOR)
    if action == "annuler" and contact_request.is_open:
        contact_request.withdraw()
        messages.success(request, "C’est noté : ta demande est annulée et la structure est prévenue.")
    elif action == "personne" and contact_request.can_report_no_contact:
        contact_request.report_no_contact()
        messages.success(request, "Merci de nous l’avoir dit : l’équipe de la Boussole a ta demande.")
    elif action == "contacte" and contact_request.confirm_contact_by_youth():
        messages.success(request, "Super ! Merci de nous l’avoir dit.")
    elif action == "erreur" and contact_request.undo_contact_confirmation():
        messages.success(request, "C’est corrigé : ta réponse est retirée.")
    return redirect("contact_requests:tracking", token=token)
