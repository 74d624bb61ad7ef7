from django.db import models


class ThemeQuerySet(models.QuerySet):
    def ordered(self):
        return self.order_by("order", "name")


class Theme(models.Model):
    """What a youth looks for help with: Emploi, Formation, Logement…"""

    name = models.CharField("nom", max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    order = models.PositiveSmallIntegerField("ordre d’affichage", default=0)
    pictogram = models.CharField(
        "pictogramme", max_length=60, help_text="Classe d’icône du DSFR, par exemple fr-icon-briefcase-line."
    )
    summary = models.CharField("en une phrase", max_length=200)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = "thème"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
