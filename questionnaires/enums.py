from django.db import models


class QuestionKind(models.TextChoices):
    SINGLE = "single", "un seul choix"
    MULTIPLE = "multiple", "plusieurs choix possibles"
    AGE = "age", "âge"


# The service is for 15 to 30 year-olds.
MIN_AGE, MAX_AGE = 15, 30

# The key of the age question, the same in every theme.
AGE_KEY = "age"
# The ages that offers usually tell apart: minors, the 18–25 of most youth schemes, and the oldest. Statistics keep
# a youth's age in these bands only.
AGE_BANDS = [(15, 17), (18, 25), (26, 30)]


def age_band(age: int | None) -> tuple[int, int] | None:
    """The band an age falls in (an age above the bands, in the last one); None when the age was not asked."""
    if age is None:
        return None
    return next((band for band in AGE_BANDS if age <= band[1]), AGE_BANDS[-1])
