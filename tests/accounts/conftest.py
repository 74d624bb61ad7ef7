import pytest

from tests.backoffice.factories import PASSWORD


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests check many passwords: a fast hasher keeps them quick (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def professional(django_user_model, fast_password_hashing):
    return django_user_model.objects.create_user(
        email="pro@ml-reims.example.fr", password=PASSWORD, first_name="Camille"
    )
