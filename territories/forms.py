"""Communes typed as text by a professional: one per line, by name or INSEE code."""

import re

from django import forms
from django.core.exceptions import ValidationError

from territories.models import Commune
from territories.search import normalize, split_department

COMMUNE_SEPARATORS = re.compile(r"[\n;,]+")
INSEE_CODE = re.compile(r"\d[\dAB]\d{3}")
SUGGESTED_HOMONYMS = 5


def communes_from_text(text: str) -> list[Commune]:
    """The communes named in a text, one per line (or separated by commas): INSEE codes, names, or "Name (dept)".

    Raises a ValidationError naming every entry that is unknown or that several communes share.
    """
    entries = list(dict.fromkeys(entry.strip() for entry in COMMUNE_SEPARATORS.split(text) if entry.strip()))
    codes = [entry.upper() for entry in entries if INSEE_CODE.fullmatch(entry.upper())]
    names = {entry: split_department(entry) for entry in entries if not INSEE_CODE.fullmatch(entry.upper())}
    by_code = {commune.insee_code: commune for commune in Commune.objects.filter(insee_code__in=codes)}
    by_name = {}
    keys = {normalize(name) for name, _ in names.values()}
    for commune in Commune.objects.filter(search_name__in=keys).order_by("-population"):
        by_name.setdefault(commune.search_name, []).append(commune)
    communes, errors = [], []
    for entry in entries:
        if entry in names:
            name, department = names[entry]
            found = [
                c for c in by_name.get(normalize(name), []) if not department or c.department_id == department.upper()
            ]
        else:
            found = [by_code[entry.upper()]] if entry.upper() in by_code else []
        if len(found) == 1:
            communes.append(found[0])
        elif not found:
            errors.append(
                ValidationError(
                    f"Commune inconnue : « {entry} ». Vérifiez l’orthographe ou indiquez son code INSEE.",
                    code="unknown",
                )
            )
        else:
            examples = " ou ".join(f"« {commune.label} »" for commune in found[:SUGGESTED_HOMONYMS])
            errors.append(
                ValidationError(
                    f"Plusieurs communes s’appellent « {entry} » : ajoutez le département, par exemple {examples}.",
                    code="ambiguous",
                )
            )
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(communes))


class CommunesField(forms.CharField):
    """Communes typed in a text area, shown back as "Reims (51)", one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(commune.label for commune in value)
        return value

    def clean(self, value) -> list[Commune]:
        return communes_from_text(super().clean(value))

    def has_changed(self, initial, data) -> bool:
        try:
            new = {commune.pk for commune in self.clean(data)}
            old = initial if isinstance(initial, list | tuple) else self.clean(initial or "")
        except ValidationError:
            return True
        return new != {commune.pk for commune in old}
