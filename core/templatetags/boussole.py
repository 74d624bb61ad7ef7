import hashlib
import re

from django import template
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import mark_safe

from core import french
from core.cache import cache_get, cache_set, release
from core.french import with_preposition
from core.helplines import first_helplines, helplines_for, phone_digits
from core.phones import link_phone_numbers

FRAGMENT_TIMEOUT = 600
# A fragment's key names everything it shows (the layout's version among its variables): each process also keeps the
# last ones it rendered, without asking the cache server.
FRAGMENTS_KEPT_IN_PROCESS = 256
_fragments: dict[tuple, str] = {}

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(day, pattern="j F Y"):
    """`{{ day|long_date }}`: "1er mars 2027" (see `core.french.long_date`)."""
    return french.long_date(day, pattern) if day else ""


@register.filter
def pluralize_fr(count, suffix="s"):
    """French plural: "0 demande", "1 demande", "2 demandes" (unlike `pluralize`, zero is singular)."""
    return suffix if count > 1 else ""


@register.filter
def tel_href(number):
    """The tel: link of a phone number as people write it, so that a tap on a phone calls it."""
    return f"tel:{phone_digits(str(number))}"


@register.filter(is_safe=False)
def phone_links(text):
    """`{{ offer.description|phone_links|linebreaks }}`: the text, escaped, each phone number in it a tel: link."""
    return link_phone_numbers(text)


@register.inclusion_tag("partials/helplines.html")
def helplines(needs=()):
    """Every national number, those for the youth's urgent needs (`core.helplines.UrgentNeed`) first."""
    return {"helplines": helplines_for(needs)}


@register.inclusion_tag("partials/urgent_numbers.html")
def urgent_numbers(needs):
    """The numbers to call now for the needs a step lets the youth express ("dormir dehors": the 115)."""
    return {"helplines": first_helplines(needs)}


class LayoutFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        values = ":".join(str(variable.resolve(context)) for variable in self.vary_on)
        # The static files' addresses change with each deployment: so does every fragment naming one.
        kept = (release(), self.name, values)
        html = _fragments.get(kept)
        if html is None:
            key = f"boussole:fragment:{release()}:{self.name}:{hashlib.sha256(values.encode()).hexdigest()}"
            html = cache_get(key)
            if html is None:
                html = self.nodelist.render(context)
                cache_set(key, html, timeout=FRAGMENT_TIMEOUT)
            if len(_fragments) >= FRAGMENTS_KEPT_IN_PROCESS:
                _fragments.clear()
            _fragments[kept] = html
        return html


@register.tag
def layout_fragment(parser, token):
    """`{% layout_fragment "name" var… %}…{% endlayout_fragment %}`: rendered once per value of the variables, which
    must name everything the fragment shows.

    Like Django's `{% cache %}`, but a cache that cannot be reached only means the fragment is rendered each time.
    """
    name, *vary_on = token.split_contents()[1:]
    nodelist = parser.parse(("endlayout_fragment",))
    parser.delete_first_token()
    return LayoutFragmentNode(nodelist, name.strip("\"'"), [parser.compile_filter(value) for value in vary_on])


EMAIL_BUTTON_STYLE = (
    "display: inline-block; padding: 12px 20px; background-color: #000091; color: #ffffff; "
    "font-weight: bold; text-decoration: none;"
)


@register.filter
def email_paragraphs(html, button=None):
    """A text email body, already escaped, as HTML a phone shows well: paragraphs, links to tap, and the button's URL
    (alone on its line, as the text emails write it) as a button. `button` is a (url, label) pair."""
    button_url, button_label = button or ("", "")
    button_line = escape(button_url) if button_url else None
    paragraphs = []
    for paragraph in re.split(r"\n{2,}", str(html).strip()):
        lines = []
        for line in paragraph.split("\n"):
            if button_line and line.strip() == button_line:
                lines.append(
                    format_html('<a href="{}" style="{}">{}</a>', button_url, EMAIL_BUTTON_STYLE, button_label)
                )
            else:
                lines.append(urlize(mark_safe(line)))
        paragraphs.append(f'<p style="margin: 0 0 16px;">{"<br>".join(lines)}</p>')
    return mark_safe("\n".join(paragraphs))


@register.filter
def preceded_by(name, preposition=""):
    """`{{ organisation.name|preceded_by:"chez" }}` → "chez la Mission locale" (see `core.french`)."""
    return with_preposition(name, preposition)


@register.filter(needs_autoescape=True)
def nowrap(text, autoescape=True):
    """A reference kept on one line where it is HTML (a page, an email's HTML version), as it is in a text email.

    The style is inline for mail clients, which read no stylesheet."""
    if not autoescape:
        return text
    return format_html('<span class="boussole-nowrap" style="white-space:nowrap">{}</span>', text)
