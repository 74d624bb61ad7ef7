"""The project's templates as the browser needs them."""

import re

from django.template.loaders import filesystem

_INDENTATION = re.compile(r"^[ \t]+", re.MULTILINE)


class Loader(filesystem.Loader):
    """The project's own templates (`templates/`), each line of an HTML template without its indentation.

    The indentation is there for the people who read the templates: on a page it is a fifth of the HTML and a tenth
    once compressed, sent to every phone and compressed again for every page missed in the cache. It goes once, when
    the template is read, before it is compiled: what the template writes of its values is untouched, and each line
    keeps its line break, so that no two words touch. A text written in a template over several lines inside an
    element shown with its spaces (`white-space: pre`) would lose its indentation: write it on one line. Other
    templates (texts of emails and SMS, the apps' own) are read as they are.
    """

    def get_contents(self, origin):
        contents = super().get_contents(origin)
        return _INDENTATION.sub("", contents) if origin.name.endswith(".html") else contents
