from django import template

from boussole.helplines import HELPLINES, phone_digits

register = template.Library()


@register.filter
def pluralize_fr(count, suffix="s"):
    """French plural: "0 demande", "1 demande", "2 demandes" (unlike `pluralize`, zero is singular)."""
    return suffix if count > 1 else ""


@register.filter
def tel_href(number):
    """The tel: link of a phone number as people write it, so that a tap on a phone calls it."""
    return f"tel:{phone_digits(str(number))}"


@register.inclusion_tag("partials/helplines.html")
def helplines():
    return {"helplines": HELPLINES}
