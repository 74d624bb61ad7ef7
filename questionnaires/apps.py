from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class QuestionnairesConfig(AppConfig):
    name = "questionnaires"
    verbose_name = "Thèmes et questionnaires"

    def ready(self):
        from questionnaires.journey import forget_questionnaires
        from questionnaires.models import Choice, Question, Theme

        for model in (Theme, Question, Choice):
            post_save.connect(forget_questionnaires, sender=model)
            post_delete.connect(forget_questionnaires, sender=model)
        m2m_changed.connect(forget_questionnaires, sender=Question.condition_choices.through)
        # Data migrations write through historical models, which send no signal to these receivers.
        post_migrate.connect(forget_questionnaires, sender=self)
