import factory

from questionnaires.enums import QuestionKind
from questionnaires.models import Choice, Question, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thème {n}")
    pictogram = "fr-icon-briefcase-line"
    summary = "Un thème de test."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    key = factory.Sequence(lambda n: f"question-{n}")
    step = 1
    kind = QuestionKind.SINGLE
    text = factory.LazyAttribute(lambda question: f"Question {question.key} ?")
    criterion_label = factory.LazyAttribute(lambda question: question.key.capitalize())

    class Params:
        age = factory.Trait(key="age", kind=QuestionKind.AGE, criterion_label="Âge", text="Quel âge as-tu ?")

    @factory.post_generation
    def choices(self, create, keys, **kwargs):
        """choices=["job_seeker", "student"] creates those choices, with a label and a reason from the key."""
        for order, key in enumerate(keys or []):
            Choice.objects.create(
                question=self, key=key, label=f"Réponse {key}", reason=f"qui ont répondu {key}", order=order
            )
