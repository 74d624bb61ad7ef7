"""The territories of the ministry's deployment list (presentation "La Boussole des jeunes", July 2021), with the
perimeter each one is given in the official geography that `import_communes` loads.

Each perimeter is a set of EPCI (by SIREN) and départements (by code). Where the presentation names a city or an area
rather than an intercommunality, `choice` says which intercommunality was taken and why, so that national staff can
correct it in the admin.
"""

from typing import NamedTuple

from territories.enums import TerritoryStatus

REFERENCE_PREFIX = "ministere-2021/"
DEPLOYED_THEMES = ("emploi", "formation", "logement", "sante")
# The presentation announces the experiment on the slide of the territories being deployed, naming no territory.
EXPERIMENTAL_THEMES = ("mobilite-internationale",)
UNNAMED = "9 territoires de la région Hauts-de-France"


class MinistryTerritory(NamedTuple):
    slug: str
    name: str
    status: TerritoryStatus
    epcis: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    choice: str = ""

    @property
    def reference(self):
        return f"{REFERENCE_PREFIX}{self.slug}"

    @property
    def theme_slugs(self):
        return DEPLOYED_THEMES

    @property
    def experimental_theme_slugs(self):
        return EXPERIMENTAL_THEMES if self.status == TerritoryStatus.ENGAGED else ()


OPEN, ENGAGED = TerritoryStatus.OPEN, TerritoryStatus.ENGAGED

MINISTRY_TERRITORIES = [
    # "Il y a actuellement 25 territoires ouverts" (16 named, and 9 unnamed ones in Hauts-de-France).
    MinistryTerritory("grand-reims", "Grand Reims", OPEN, epcis=("200067213",)),
    MinistryTerritory(
        "lyon",
        "Métropole de Lyon",
        OPEN,
        epcis=("200046977",),
        choice="« Lyon » : la Métropole de Lyon, qui exerce les compétences jeunesse et insertion du département.",
    ),
    MinistryTerritory("essonne", "Essonne", OPEN, departments=("91",)),
    MinistryTerritory(
        "pays-vitryat",
        "Pays Vitryat",
        OPEN,
        epcis=("200034718",),
        choice="« Pays Vitryat » : la CC de Vitry, Champagne et Der, autour de Vitry-le-François.",
    ),
    MinistryTerritory("amiens", "Amiens Métropole", OPEN, epcis=("248000531",)),
    MinistryTerritory("grand-besancon", "Grand Besançon Métropole", OPEN, epcis=("242500361",)),
    MinistryTerritory("nice", "Métropole Nice Côte d’Azur", OPEN, epcis=("200030195",)),
    MinistryTerritory(
        "marseille",
        "Aix-Marseille-Provence",
        OPEN,
        epcis=("200054807",),
        choice="« Marseille » : la Métropole d’Aix-Marseille-Provence, seule intercommunalité de Marseille.",
    ),
    MinistryTerritory("avignon", "Grand Avignon", OPEN, epcis=("248400251",)),
    MinistryTerritory("douai", "Douaisis Agglo", OPEN, epcis=("200044618",)),
    MinistryTerritory("alencon", "Communauté urbaine d’Alençon", OPEN, epcis=("246100663",)),
    MinistryTerritory("lot", "Lot", OPEN, departments=("46",)),
    MinistryTerritory("la-roche-sur-yon", "La Roche-sur-Yon Agglomération", OPEN, epcis=("248500589",)),
    MinistryTerritory("saint-nazaire", "Saint-Nazaire Agglo", OPEN, epcis=("244400644",)),
    MinistryTerritory(
        "blois",
        "Blois Agglopolys",
        OPEN,
        epcis=("200030385",),
        choice="« Blois et alentours » : la CA de Blois Agglopolys.",
    ),
    MinistryTerritory("vichy", "Vichy Communauté", OPEN, epcis=("200071363",)),
    # "20 territoires sont engagés dans le projet".
    MinistryTerritory("mulhouse", "Mulhouse Alsace Agglomération", ENGAGED, epcis=("200066009",)),
    MinistryTerritory(
        "saint-etienne",
        "Saint-Étienne Métropole",
        ENGAGED,
        epcis=("244200770",),
        choice="« Saint-Etienne » : Saint-Étienne Métropole.",
    ),
    MinistryTerritory("metz-metropole", "Metz Métropole", ENGAGED, epcis=("200039865",)),
    MinistryTerritory(
        "moselle-est",
        "Moselle Est",
        ENGAGED,
        epcis=("245700372",),
        choice="« Moselle Est » : la CA de Forbach Porte de France, la plus peuplée des intercommunalités du "
        "bassin houiller ; ajoutez les autres (Saint-Avold Synergie, Sarreguemines Confluences, Freyming-Merlebach, "
        "Warndt) dans l’admin si le consortium les couvre.",
    ),
    MinistryTerritory("pays-de-l-arbresle", "Pays de l’Arbresle", ENGAGED, epcis=("246900625",)),
    MinistryTerritory("creuse", "Creuse", ENGAGED, departments=("23",)),
    MinistryTerritory("intercom-bernay", "Intercom Bernay Terres de Normandie", ENGAGED, epcis=("200066413",)),
    MinistryTerritory(
        "toulouse",
        "Toulouse Métropole",
        ENGAGED,
        epcis=("243100518",),
        choice="« Toulouse » : Toulouse Métropole.",
    ),
    MinistryTerritory("montpellier", "Montpellier Méditerranée Métropole", ENGAGED, epcis=("243400017",)),
    MinistryTerritory("sicoval", "Sicoval", ENGAGED, epcis=("243100633",)),
    MinistryTerritory("grand-poitiers", "Grand Poitiers", ENGAGED, epcis=("200069854",)),
    MinistryTerritory("macs", "Maremne Adour Côte Sud (MACS)", ENGAGED, epcis=("244000865",)),
    MinistryTerritory("lens-lievin", "Lens-Liévin", ENGAGED, epcis=("246200364",)),
    MinistryTerritory("est-de-la-somme", "Est de la Somme", ENGAGED, epcis=("200070985",)),
    MinistryTerritory(
        "peronne",
        "Haute Somme (Péronne)",
        ENGAGED,
        epcis=("200037059",),
        choice="« Péronne » : la CC de la Haute Somme (Combles - Péronne - Roisel).",
    ),
    MinistryTerritory("la-rochelle", "La Rochelle Agglomération", ENGAGED, epcis=("241700434",)),
    MinistryTerritory("vaucluse", "Vaucluse", ENGAGED, departments=("84",)),
    MinistryTerritory("doubs", "Doubs", ENGAGED, departments=("25",)),
    MinistryTerritory("vendee", "Vendée", ENGAGED, departments=("85",)),
    MinistryTerritory("martinique", "Martinique", ENGAGED, departments=("972",)),
]


def perimeter_codes(territory: MinistryTerritory, communes: list) -> list[str]:
    """The INSEE codes of the communes (not the arrondissements, reached through their city) in the territory's
    EPCI and départements, read from the rows of the shipped communes file."""
    return sorted(
        row[0]
        for row in communes
        if row[2] == "commune" and (row[6] in territory.epcis or row[4] in territory.departments)
    )
