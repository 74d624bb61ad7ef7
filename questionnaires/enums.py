from django.db import models


class QuestionKind(models.TextChoices):
    SINGLE = "single", "un seul choix"
    MULTIPLE = "multiple", "plusieurs choix possibles"
    AGE = "age", "âge"


# The service is for 15 to 30 year-olds.
MIN_AGE, MAX_AGE = 15, 30
