"""The "prévenez-moi" form of a commune whose territory opens soon: a youth leaves an email address to be told, once,
when the Boussole opens there (the email leaves with the opening, see `offers.opening`)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import lazy
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.forms import BoussoleForm
from core.http import client_address
from territories.models import Commune, OpeningAlert, Territory

# Generous per address (a school, a kiosk: many youths behind one), tight per email address.
ALERTS_PER_ADDRESS = 20
ALERTS_PER_EMAIL = 3
RATE_LIMIT_WINDOW = 3600
SENT_PARAM = "inscription"


def consent_label():
    return format_html(
        "J’accepte que la Boussole garde mon adresse e-mail pour m’écrire une seule fois, à son ouverture. "
        "Elle l’efface ensuite, ou au bout de {} mois si le territoire n’a pas ouvert "
        '(<a href="{}" target="_blank" rel="noopener" title="Données personnelles - nouvelle fenêtre">'
        "en savoir plus sur mes données</a>).",
        settings.OPENING_ALERT_RETENTION_MONTHS,
        reverse_lazy("personal_data"),
    )


class OpeningAlertForm(BoussoleForm):
    email = forms.EmailField(
        label="Ton adresse e-mail",
        help_text="Format attendu : nom@domaine.fr",
        max_length=254,
        error_messages={
            "required": "Indique ton adresse e-mail pour être prévenu·e.",
            "invalid": "Cette adresse e-mail n’est pas complète : vérifie le format nom@domaine.fr.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=lazy(consent_label, str)(),
        error_messages={"required": "Coche cette case pour qu’on puisse te prévenir."},
    )


def _rate_limited(request, email: str) -> bool:
    """Counts the attempt against the client's address and against the email (by a keyed digest: no address in the
    cache); a list, not a generator, so that it counts against both even once one refuses it."""
    digest = salted_hmac("territories.opening_alerts", email.lower()).hexdigest()[:32]
    limits = [
        (f"opening_alerts:address:{client_address(request)}", ALERTS_PER_ADDRESS),
        (f"opening_alerts:email:{digest}", ALERTS_PER_EMAIL),
    ]
    return any([ratelimit.hit(key, limit=limit, window=RATE_LIMIT_WINDOW) for key, limit in limits])


@login_not_required
@require_http_methods(["GET", "POST"])
def opening_alert(request, insee_code):
    commune = get_object_or_404(Commune.objects.select_related("department"), insee_code=insee_code)
    territory = Territory.objects.awaited_by(commune).first()
    if territory is None:
        raise Http404("La Boussole n’ouvre pas prochainement dans cette commune.")
    form = OpeningAlertForm(data=request.POST or None)
    rate_limited = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        rate_limited = _rate_limited(request, email)
        if rate_limited:
            form.add_error(
                None, "Tu as envoyé ce formulaire beaucoup de fois en peu de temps : réessaie dans une heure."
            )
        else:
            OpeningAlert.objects.register(territory=territory, email=email, at=timezone.now())
            return redirect(f"{reverse('territories:opening_alert', args=[commune.insee_code])}?{SENT_PARAM}=1")
    context = {
        "commune": commune,
        "territory": territory,
        "form": form,
        # The same words whether the address is new or was registered already: nothing tells them apart.
        "registered": request.method == "GET" and request.GET.get(SENT_PARAM) == "1",
        "title": f"{'Erreur : ' if form.errors else ''}Être prévenu·e de l’ouverture à {commune.name}",
    }
    return render(request, "territories/opening_alert.html", context)
