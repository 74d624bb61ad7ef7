import datetime
import functools
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, connections, models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Substr
from django.urls import get_script_prefix, get_urlconf, reverse

from core.cache import cache_bump, versioned
from core.lookups import after_prefix
from core.statements import KeptStatement, instance
from questionnaires.models import Theme
from territories.enums import CommuneKind, TerritoryStatus
from territories.search import TYPO_MIN_LENGTH, normalize, one_edit_away, split_codes, split_department


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="departments")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """An intercommunality (communauté de communes, d’agglomération, urbaine, métropole)."""

    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self):
        return self.name


# Queries of one word this long are read through the prefix columns of CommuneSearchTerm.
SHORT_PREFIX_LENGTHS = (2, 3)


class CommuneQuerySet(models.QuerySet):
    def search(self, query: str, *, limit: int = 10) -> list["Commune"]:
        """Communes matching a name, a postal code or an INSEE code, as people type them; larger populations first.

        One query: each word of the query may be a prefix ("fort de fr"), postal codes may be given by a prefix
        of at least two digits, a name may be followed by its postal code or its département ("marseille 13001",
        "saint denis 93"), a label such as "Saint-Denis (93)" is read back with its département, and a name of
        several words may be that of the intercommunality ("cergy pontoise"). Among homonyms and prefixes, the
        more populated commune comes first (Évry-Courcouronnes before Évry in Yonne). When nothing is found as typed,
        a name with one letter wrong, missing, added or swapped is ("rheims": Reims).
        """
        communes = []
        for fields, department_name in _each_commune_once(self._found_rows(query, limit=limit), limit):
            commune = instance(Commune, _FOUND_FIELDS, fields, using=self.db)
            commune.department = Department.from_db(self.db, ("code", "name"), (commune.department_id, department_name))
            communes.append(commune)
        return communes

    def search_as_json(self, query: str, *, limit: int = 10) -> list[dict]:
        """`search`, each commune as the autocomplete gives it (`Commune.as_json`), without making model instances:
        the autocomplete runs at each keystroke, and instances cost it more than its query."""
        postal_codes = Commune._meta.get_field("postal_codes")
        found = []
        for fields, department_name in _each_commune_once(self._found_rows(query, limit=limit), limit):
            commune = dict(zip(_FOUND_FIELDS, fields, strict=True))
            found.append(
                commune_json(
                    commune["insee_code"],
                    commune["name"],
                    postal_codes.from_db_value(commune["postal_codes"], None, connections[self.db]),
                    commune["department_id"],
                    department_name,
                )
            )
        return found

    def _found_rows(self, query: str, *, limit: int) -> list[tuple]:
        """The rows of `_found` for the query: the best terms, several per commune (see `search`)."""
        text, department = split_department(query)
        words = normalize(text).split()
        if not words or len("".join(words)) < 2:
            return []
        names, postal_code, typed_department = split_codes(words)
        if not (postal_code or typed_department):
            words = names  # the same words, or a postal code typed in two parts, merged
        first = names[0]
        values = {}
        # The first keystrokes ("sa", "cha", "33") match thousands of terms: the same prefix read as an equality on
        # the term's first letters walks an index already in ranking order and stops at the page.
        if len(words) == 1 and len(first) in SHORT_PREFIX_LENGTHS:
            values[f"prefix{len(first)}"] = first
        else:
            values["pattern"] = "% ".join(words) + "%"
            # The range of the terms that start with the first word: an index walks it with any value, where SQLite
            # does not read LIKE with an index, and PostgreSQL only when it plans the statement for its letters.
            values["first"], values["after_first"] = first, after_prefix(first)
        if postal_code or typed_department:
            values["names_pattern"] = "% ".join(names) + "%"
            values["postal_code" if postal_code else "typed_department"] = postal_code or typed_department.upper()
        if department:
            values["department"] = department.upper()
        # One word is a commune's name; an intercommunality is typed in full ("cergy pontoise", "grand reims").
        statement = _search_statement(connection.vendor, tuple(sorted(values)), one_word=len(names) < 2, limit=limit)
        rows = statement.rows(**values)
        if len(words) == 1 and len(first) == 5 and first.isdigit():
            # A full postal code means the communes it serves, not a commune whose INSEE code looks the same.
            postal = [row for row in rows if row[0] == CommuneSearchTerm.Kind.POSTAL_CODE]
            rows = postal or rows
        if not rows and not (postal_code or typed_department or department):
            rows = self._one_typo_away(" ".join(words), limit=limit)
        return rows

    def _one_typo_away(self, text: str, *, limit: int) -> list[tuple]:
        """The terms whose name (or its end) is one edit from the whole text typed: "rheims" finds Reims. Only
        when the text itself finds none (the usual search stays one query), and only for a name long enough
        (`TYPO_MIN_LENGTH`)."""
        if len(text.replace(" ", "")) < TYPO_MIN_LENGTH or not text.replace(" ", "").isalpha():
            return []
        terms = CommuneSearchTerm.objects.filter(
            term__in=sorted(one_edit_away(text)),
            kind__in=[CommuneSearchTerm.Kind.NAME, CommuneSearchTerm.Kind.NAME_END],
        )
        return KeptStatement.of(_found(terms, limit)).rows()


def _search_terms(values: dict, *, one_word: bool):
    """The terms `CommuneQuerySet.search` looks for, from the values it read in the query (see there)."""
    prefix = next((name for name in values if name.startswith("prefix")), None)
    matches = Q(**{prefix: values[prefix]}) if prefix else Q(term__like=values["pattern"])
    if "postal_code" in values:
        postal_terms = CommuneSearchTerm.objects.filter(
            term=values["postal_code"], kind=CommuneSearchTerm.Kind.POSTAL_CODE
        )
        matches |= Q(term__like=values["names_pattern"]) & Q(commune__in=postal_terms.values("commune_id"))
    elif "typed_department" in values:
        matches |= Q(term__like=values["names_pattern"]) & Q(commune__department_id=values["typed_department"])
    terms = CommuneSearchTerm.objects.filter(matches)
    if "first" in values:
        terms = terms.filter(term__code_gte=values["first"], term__code_lt=values["after_first"])
    if "department" in values:
        terms = terms.filter(commune__department_id=values["department"])
    if one_word:
        terms = terms.exclude(kind=CommuneSearchTerm.Kind.EPCI)
    return terms


@functools.lru_cache(maxsize=64)
def _search_statement(vendor: str, names: tuple, *, one_word: bool, limit: int) -> KeptStatement:
    """The SQL of a commune search, built once by each process for each form of query (the values it reads, named by
    `names`): the autocomplete runs it at each keystroke, and the ORM takes longer to build it than the database
    takes to run it."""
    samples = {name: f"\x1f{name}\x1f" for name in names}
    # Planned once for every query of this form (core.statements): each reads its terms through an index, by their
    # first letters or by the range of its first word.
    return KeptStatement.of(_found(_search_terms(samples, one_word=one_word), limit), prepared=True, **samples)


# What a search shows of a commune. Read as values: a search reads up to four terms per commune it shows, and making
# model instances of each term, its commune and its département costs more than the query.
_FOUND_FIELDS = ("id", "insee_code", "name", "postal_codes", "department_id", "population")


def _found(terms, limit):
    """(kind, commune fields…, département name) of the best terms, several per commune at most.

    The département's name is read by its code in a subquery: the database plans it alone, where one join more would
    cost it more to plan than the search costs to run.
    """
    department_name = Department.objects.filter(pk=OuterRef("commune__department_id")).order_by().values("name")
    return (
        terms.annotate(department_name=Subquery(department_name))
        .order_by("kind", "-population", "commune_id")
        .values_list("kind", *(f"commune__{field}" for field in _FOUND_FIELDS), "department_name")[: limit * 4]
    )


def _each_commune_once(rows, limit):
    """(commune fields, département name) of the rows of `_found`, the first row of each commune, `limit` at most."""
    seen = set()
    for _, *fields, department_name in rows:
        if fields[0] not in seen:
            seen.add(fields[0])
            yield fields, department_name
            if len(seen) == limit:
                return


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=100)
    search_name = models.CharField("nom normalisé", max_length=100, db_index=True, editable=False)
    kind = models.CharField("nature", max_length=20, choices=CommuneKind.choices, default=CommuneKind.COMMUNE)
    parent = models.ForeignKey(
        "self",
        verbose_name="commune (pour un arrondissement)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrondissements",
    )
    postal_codes = models.JSONField("codes postaux", default=list)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", on_delete=models.PROTECT, null=True, blank=True, related_name="communes"
    )
    population = models.PositiveIntegerField(default=0)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name", "insee_code"]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _commune_url(self.insee_code, get_urlconf(), get_script_prefix())

    @property
    def label(self):
        """The name with its département, which tells homonyms apart: "Saint-Denis (974)"."""
        return f"{self.name} ({self.department_id})"

    @property
    def long_label(self):
        """The name with its département's name and number, for those who know one and not the other."""
        return long_label(self.name, self.department.name, self.department_id)

    def as_json(self):
        return commune_json(self.insee_code, self.name, self.postal_codes, self.department_id, self.department.name)


def long_label(name: str, department_name: str, department_code: str) -> str:
    return f"{name}, {department_name} ({department_code})"


def commune_json(insee_code: str, name: str, postal_codes: list, department_code: str, department_name: str) -> dict:
    """A commune as the autocomplete gives it."""
    return {
        "insee": insee_code,
        "name": name,
        "postal_codes": postal_codes,
        "department": department_code,
        "department_name": department_name,
        "label": long_label(name, department_name, department_code),
        "url": _commune_url(insee_code, get_urlconf(), get_script_prefix()),
    }


# A commune's address, reversed once by each process for each commune asked for: the autocomplete gives up to ten at
# each keystroke, and Django's `reverse` costs more than all the rest of a result.
@functools.lru_cache(maxsize=4096)
def _commune_url(insee_code: str, urlconf, script_prefix: str) -> str:
    return reverse("offers:commune", kwargs={"insee_code": insee_code}, urlconf=urlconf)


class CommuneSearchTerm(models.Model):
    """What a commune can be found by: its normalised name from each significant word, postal codes, INSEE code."""

    class Kind(models.IntegerChoices):
        # In this order among equally exact matches: people type postal codes far more often than INSEE codes.
        NAME = 0, "nom"
        POSTAL_CODE = 1, "code postal"
        INSEE_CODE = 2, "code INSEE"
        NAME_END = 3, "fin du nom"
        EPCI = 4, "nom de l’intercommunalité"

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=100)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    # The commune's population, copied so that ranking reads this table alone before joining the few rows it keeps.
    population = models.PositiveIntegerField(default=0)
    # The term's first letters, stored: compared with a bound parameter, an index on the expression itself would not
    # be used by SQLite. Their indexes walk the terms of a short prefix already in ranking order.
    prefix2 = models.GeneratedField(
        expression=Substr("term", 1, 2), output_field=models.CharField(max_length=2), db_persist=True
    )
    prefix3 = models.GeneratedField(
        expression=Substr("term", 1, 3), output_field=models.CharField(max_length=3), db_persist=True
    )

    class Meta:
        verbose_name = "terme de recherche"
        constraints = [models.UniqueConstraint(fields=["term", "commune"], name="unique_commune_search_term")]
        indexes = [
            *(
                models.Index(
                    fields=[f"prefix{length}", "kind", "-population", "commune"],
                    name=f"commune_term_prefix{length}_idx",
                )
                for length in SHORT_PREFIX_LENGTHS
            ),
            # The range of the first word typed ("saint georges": the 6,000 terms that start with "saint"), filtered
            # on the other words and ranked from the index alone, without reading each term's row. Its equalities
            # (a postal code, the spellings one typo away) are read through the unique constraint's index.
            models.Index(
                fields=["term"],
                opclasses=["varchar_pattern_ops"],
                include=["kind", "population", "commune"],
                name="commune_term_range_idx",
            ),
        ]

    def __str__(self):
        return self.term


class TerritoryQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TerritoryStatus.OPEN)

    def engaged(self):
        return self.filter(status=TerritoryStatus.ENGAGED)

    def awaited_by(self, commune: "Commune"):
        """The engaged territories of the commune (or of its city, for an arrondissement), the soonest to open first,
        while no open territory holds it: where the Boussole opens "bientôt" for its youths."""
        communes = [commune.pk, commune.parent_id] if commune.parent_id else [commune.pk]
        open_here = Territory.objects.open().filter(communes__in=communes)
        return (
            self.engaged()
            .filter(communes__in=communes)
            .filter(~Exists(open_here))
            .distinct()
            .order_by(F("opening_date").asc(nulls_last=True), "name")
        )

    def near(self, commune: Commune):
        """The territories of the commune's département, then of its region, each with its most populated commune
        (`main_commune_code`, `main_commune_name`): where a youth from nearby can look."""
        region = Department.objects.filter(pk=commune.department_id).values("region_id")[:1]
        main_commune = Commune.objects.filter(territories=OuterRef("pk")).order_by("-population", "insee_code")
        in_department = Commune.objects.filter(territories=OuterRef("pk"), department_id=commune.department_id)
        in_region = Commune.objects.filter(territories=OuterRef("pk"), department__region_id=Subquery(region))
        return (
            self.filter(Exists(in_region))
            .annotate(
                nearness=Case(When(Exists(in_department), then=Value(0)), default=Value(1)),
                main_commune_code=Subquery(main_commune.values("insee_code")[:1]),
                main_commune_name=Subquery(main_commune.values("name")[:1]),
            )
            .order_by("nearness", "name")
        )


class Territory(models.Model):
    """A set of communes where a consortium of local partners runs the service."""

    name = models.CharField("nom", max_length=150, unique=True)
    slug = models.SlugField(unique=True)
    status = models.CharField("état", max_length=20, choices=TerritoryStatus.choices, default=TerritoryStatus.ENGAGED)
    opening_date = models.DateField(
        "date d’ouverture",
        null=True,
        blank=True,
        help_text="Prévue pour un territoire engagé, effective pour un territoire ouvert.",
    )
    communes = models.ManyToManyField(Commune, verbose_name="communes", related_name="territories", blank=True)
    themes = models.ManyToManyField(Theme, verbose_name="thèmes actifs", related_name="territories", blank=True)
    experimental_themes = models.ManyToManyField(
        Theme,
        verbose_name="thèmes en expérimentation",
        related_name="experimenting_territories",
        blank=True,
        help_text="Thèmes que le territoire expérimente, comme la Mobilité internationale en 2021.",
    )
    animators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="animateurs et animatrices",
        related_name="animated_territories",
        blank=True,
    )
    description = models.TextField("présentation", blank=True)
    contact_email = models.EmailField("e-mail de contact", blank=True)
    contact_phone = models.CharField("téléphone de contact", max_length=20, blank=True)
    website = models.URLField("site internet", blank=True)
    reference = models.CharField(
        "référence nationale",
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Territoire de la liste du ministère créé par la commande load_ministry_territories ; "
        "vide pour un territoire créé à la main.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == TerritoryStatus.OPEN


TERRITORIES_VERSION_KEY = "territories:version"


def forget_territories(**kwargs):
    """Territories, their communes or their themes changed, or communes and départements themselves: what is kept of
    them is stale."""
    cache_bump(TERRITORIES_VERSION_KEY)


class Places(NamedTuple):
    """What territories cover: their communes (with the arrondissements of their cities), the EPCI and départements
    of these communes, and every territory sharing one of these communes."""

    communes: frozenset
    epcis: frozenset
    departments: frozenset
    territories: frozenset


PLACES_TIMEOUT = 3600


def places_of(territories) -> Places:
    """The places of the territories (ids or instances), cached until territories or communes change."""
    ids = sorted({territory.pk if isinstance(territory, Territory) else territory for territory in territories})
    key = f"territories:places:{','.join(map(str, ids))}"
    return versioned(key, [TERRITORIES_VERSION_KEY], lambda: _places(ids), timeout=PLACES_TIMEOUT)


def _places(ids) -> Places:
    own = list(Territory.communes.through.objects.filter(territory__in=ids).values_list("commune_id", flat=True))
    fields = ("pk", "epci_id", "department_id")
    rows = [
        *Commune.objects.filter(pk__in=own).order_by().values_list(*fields),
        *Commune.objects.filter(parent__in=own).order_by().values_list(*fields),
    ]
    communes = frozenset(pk for pk, _, _ in rows)
    sharing = Territory.communes.through.objects.filter(commune__in=communes).values_list("territory_id", flat=True)
    return Places(
        communes=communes,
        epcis=frozenset(epci for _, epci, _ in rows if epci),
        departments=frozenset(department for _, _, department in rows),
        territories=frozenset(ids) | frozenset(sharing),
    )


def commune_with_department(insee_code: str) -> "Commune | None":
    """The commune of an INSEE code with its département, or None: kept in the cache and in the process until communes
    or territories change, for the pages of a commune, which read it first."""

    def read():
        return Commune.objects.select_related("department").filter(insee_code=insee_code).first()

    if not (insee_code.isascii() and insee_code.isalnum()):
        return read()  # not a code: nothing to keep, and no key for the cache
    return versioned(
        f"territories:commune:{insee_code}", [TERRITORIES_VERSION_KEY], read, timeout=PLACES_TIMEOUT, in_process=True
    )


class OpenTerritories(NamedTuple):
    """The open territories, the communes of each and the themes active in each: what a commune's page reads."""

    by_commune: dict  # commune id → ids of its open territories, by name
    territories: dict  # id → Territory
    themes: dict  # territory id → ids of its active themes


def open_territories() -> OpenTerritories:
    """Kept once for every page (and in each process) until territories change: do not change what it holds."""
    return versioned(
        "territories:open", [TERRITORIES_VERSION_KEY], _open_territories, timeout=PLACES_TIMEOUT, in_process=True
    )


def _open_territories() -> OpenTerritories:
    territories = {territory.pk: territory for territory in Territory.objects.open().order_by("name")}
    by_commune = {}
    for commune_id, territory_id in (
        Territory.communes.through.objects.filter(territory__in=territories)
        .order_by("territory__name")
        .values_list("commune_id", "territory_id")
    ):
        by_commune.setdefault(commune_id, []).append(territory_id)
    themes = {}
    for territory_id, theme_id in Territory.themes.through.objects.filter(territory__in=territories).values_list(
        "territory_id", "theme_id"
    ):
        themes.setdefault(territory_id, []).append(theme_id)
    return OpenTerritories(by_commune, territories, themes)


class OpeningAlertQuerySet(models.QuerySet):
    def to_purge(self, now):
        """Registrations kept past OPENING_ALERT_RETENTION_MONTHS: a territory that has not opened by then owes its
        youths no email any more, and their address goes."""
        cutoff = now - datetime.timedelta(days=30 * settings.OPENING_ALERT_RETENTION_MONTHS)
        return self.filter(created_at__lt=cutoff)

    def register(self, *, territory: Territory, email: str, at) -> None:
        """Records the address for the territory's opening, once: registering it again changes nothing, and the caller
        learns nothing of whether it was there already."""
        try:
            with transaction.atomic():
                self.get_or_create(territory=territory, email=email.strip().lower(), defaults={"consent_at": at})
        except IntegrityError:
            pass  # registered meanwhile by a parallel submission of the same address


class OpeningAlert(models.Model):
    """A youth's address, left on the page of a commune of an engaged territory, to be told once when the territory
    opens. Deleted when it opens (after its email is queued) or after OPENING_ALERT_RETENTION_MONTHS."""

    territory = models.ForeignKey(
        Territory, verbose_name="territoire", on_delete=models.CASCADE, related_name="opening_alerts"
    )
    email = models.EmailField("adresse e-mail")
    consent_at = models.DateTimeField("consentement donné le")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OpeningAlertQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription « prévenez-moi »"
        verbose_name_plural = "inscriptions « prévenez-moi »"
        constraints = [models.UniqueConstraint(fields=["email", "territory"], name="unique_opening_alert")]

    def __str__(self):
        return f"Inscription à l’ouverture de {self.territory}"
