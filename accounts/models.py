from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class EmailUserManager(UserManager):
    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L’adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person with an account: partner professional, territorial animator or national staff.

    Youths have no account. The email is the login.
    """

    username = None
    email = models.EmailField("adresse e-mail", unique=True)
    # ProConnect's stable identifier of the person (`sub`), kept at their first ProConnect login: they log in again
    # by it even after their email address changes.
    proconnect_sub = models.CharField("identifiant ProConnect", max_length=255, unique=True, null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def name_and_email(self) -> str:
        """How the site's administration names a person: two counsellors may share a name, never an address."""
        name = self.get_full_name()
        return f"{name} <{self.email}>" if name else self.email
