from django import template

register = template.Library()


@register.filter
def pluralize_fr(count, suffix="s"):
    """French plural: "0 demande", "1 demande", "2 demandes" (unlike `pluralize`, zero is singular)."""
    return suffix if count > 1 else ""
