"""The drawing of a bar chart and the rows of its table, written at once: France's statistics page draws dozens of bars,
and the template engine took longer to write their attributes one by one than the rest of the page."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join

from stats.figures import Bar

register = template.Library()

# The height of a bar and its labels in the drawing.
BAR_STEP = 40

BAR = (
    '<text x="0" y="{0}" dy="13" font-size="13" fill="#161616">{1}</text>'
    '<rect x="0" y="{0}" transform="translate(0 18)" height="14" width="{2}" fill="#000091" />'
    '<text x="{2}" y="{0}" dx="6" dy="30" font-size="13" fill="#161616">{3}</text>'
)


@register.simple_tag
def bar_drawing(bars: list[Bar]):
    """The bars as SVG, hidden from screen readers: the table beside it says the same."""
    return format_html(
        '<svg class="boussole-chart" viewBox="0 0 320 {}" width="100%" aria-hidden="true" focusable="false">{}</svg>',
        len(bars) * BAR_STEP,
        format_html_join(
            "\n",
            BAR,
            ((index * BAR_STEP, bar.short_label, bar.length, localize(bar.value)) for index, bar in enumerate(bars)),
        ),
    )


ROW = '<tr><th scope="row" class="fr-cell--multiline">{}</th><td class="fr-cell--right">{}</td></tr>'


@register.simple_tag
def bar_rows(bars: list[Bar]):
    """The rows of the table beside the drawing: a bar's label and its value."""
    return format_html_join("\n", ROW, ((bar.label, localize(bar.value)) for bar in bars))
