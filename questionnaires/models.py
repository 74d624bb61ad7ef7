from django.core.exceptions import ValidationError
from django.db import models

from core.helplines import UrgentNeed
from questionnaires.enums import QuestionKind


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


class QuestionQuerySet(models.QuerySet):
    def with_choices(self):
        return self.select_related("condition_question").prefetch_related("choices", "condition_choices")


class Question(models.Model):
    """One question of a theme's questionnaire. Its key (and its choices' keys) are what offers' criteria refer to."""

    theme = models.ForeignKey(Theme, verbose_name="thème", on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        "clé", max_length=50, help_text="Identifiant stable, partagé entre thèmes pour la même question (ex. : age)."
    )
    step = models.PositiveSmallIntegerField("étape", default=1)
    order = models.PositiveSmallIntegerField("ordre dans l’étape", default=0)
    kind = models.CharField("type", max_length=10, choices=QuestionKind.choices)
    text = models.CharField("question", max_length=200)
    help_text = models.CharField("aide", max_length=300, blank=True)
    criterion_label = models.CharField(
        "nom du critère", max_length=100, help_text="Comment les pros voient ce critère, ex. : « Situation »."
    )
    condition_question = models.ForeignKey(
        "self",
        verbose_name="seulement si la question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dependent_questions",
    )
    condition_choices = models.ManyToManyField(
        "Choice", verbose_name="a reçu une de ces réponses", blank=True, related_name="dependent_questions"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "question"
        ordering = ["theme", "step", "order"]
        constraints = [models.UniqueConstraint(fields=["theme", "key"], name="unique_question_key_per_theme")]

    def __str__(self):
        return f"{self.theme} — {self.text}"

    def clean(self):
        if self.condition_question_id and self.condition_question.theme_id != self.theme_id:
            raise ValidationError({"condition_question": "La condition doit porter sur une question du même thème."})
        if self.condition_question_id and self.condition_question.step >= self.step:
            raise ValidationError({"condition_question": "La condition doit porter sur une étape précédente."})

    def is_asked(self, answers: dict) -> bool:
        """Whether this question applies given the answers so far: its condition is met, or not answered yet."""
        if not self.condition_question_id:
            return True
        if self.condition_question.key not in answers:
            return True
        given = answers[self.condition_question.key]
        given = set(given) if isinstance(given, list) else {given}
        return bool(given & {choice.key for choice in self.condition_choices.all()})

    def describe(self, value) -> str:
        """An answer in plain words, for the youth's summary and the professional's alert."""
        if value is None:
            return "—"
        if self.kind == QuestionKind.AGE:
            return f"{value} ans"
        labels = {choice.key: choice.label for choice in self.choices.all()}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(key, key) for key in values)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField("clé", max_length=50)
    label = models.CharField("réponse proposée", max_length=200, help_text="Tutoie : « Je cherche un emploi »")
    reason = models.CharField(
        "dans une raison",
        max_length=200,
        help_text="Suite de « Pour les jeunes… » quand une offre retient ce choix : « qui cherchent un emploi ».",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)
    urgent_need = models.CharField(
        "besoin urgent",
        max_length=10,
        choices=UrgentNeed.choices,
        blank=True,
        help_text="Qui coche cette réponse voit d’abord les numéros d’urgence (ceux de ce besoin en premier), puis "
        "les offres qui répondent à une urgence. Une réponse urgente n’écarte jamais une offre.",
    )

    class Meta:
        verbose_name = "choix"
        verbose_name_plural = "choix"
        ordering = ["question", "order"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="unique_choice_key_per_question")]

    def __str__(self):
        return self.label

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgent_need)
