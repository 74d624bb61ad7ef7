from django.conf import settings

from boussole.celery import app as celery_app


def test_every_periodic_job_names_a_registered_task():
    # What beat and the worker do at start: import every installed app's tasks module.
    celery_app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {"notifications.tasks.requeue_unsent_emails", "notifications.tasks.requeue_unsent_sms"} <= tasks
    assert tasks <= set(celery_app.tasks)


def test_the_requeue_sweep_runs_every_minute():
    [entry] = [
        entry for entry in celery_app.conf.beat_schedule.values() if entry["task"].endswith("requeue_unsent_emails")
    ]

    assert entry["schedule"] == 60


def test_the_sms_sweep_runs_every_minute_so_the_morning_sms_leave_at_8():
    [entry] = [
        entry for entry in celery_app.conf.beat_schedule.values() if entry["task"].endswith("requeue_unsent_sms")
    ]

    assert entry["schedule"] == 60
