from django import template

from accounts import proconnect

register = template.Library()


@register.inclusion_tag("accounts/proconnect_button.html")
def proconnect_button(next_url=""):
    """ProConnect's button, only once the service is registered with it; `next_url`: where to land after logging in."""
    return {"enabled": proconnect.is_enabled(), "next_url": next_url}
