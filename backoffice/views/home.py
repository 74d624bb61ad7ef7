from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from backoffice.access import professional_for, professional_view
from contact_requests.enums import OPEN_STATUSES, RequestStatus
from organisations.models import CharterSignature, CharterVersion


@require_safe
@professional_view
def home(request):
    """What needs action now, with counters."""
    now = timezone.now()
    today_end = timezone.localtime(now).replace(hour=23, minute=59, second=59)
    counts = request.professional.visible_requests().aggregate(
        new=Count("pk", filter=Q(status=RequestStatus.NEW)),
        due_today=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=today_end)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
        escalated=Count("pk", filter=Q(status__in=OPEN_STATUSES, escalated_at__isnull=False)),
    )
    return render(request, "backoffice/home.html", {"counts": counts, "title": "Espace professionnel"})


@require_http_methods(["GET", "POST"])
def charter(request):
    """The current charter; an organisation administrator signs it for the organisation."""
    professional = professional_for(request)
    current = CharterVersion.current()
    organisation = professional.organisation
    signed = organisation is None or current is None or organisation.has_signed_current_charter()
    if request.method == "POST" and professional.is_admin and not signed:
        CharterSignature.objects.create(organisation=organisation, charter=current, signed_by=request.user)
        messages.success(request, f"Merci : {organisation.name} a signé la charte de partenariat.")
        return redirect("backoffice:home")
    context = {"charter": current, "professional": professional, "signed": signed, "title": "Charte de partenariat"}
    return render(request, "backoffice/charter.html", context)


@require_safe
def no_access(request):
    return render(request, "backoffice/no_access.html", {"title": "Accès non ouvert"})
