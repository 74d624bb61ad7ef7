from django.core.exceptions import ValidationError

# La Poste's establishments share its SIREN and follow their own rule (sum of the digits divisible by 5).
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_siret(value: str):
    if not (len(value) == 14 and value.isdigit()):
        raise ValidationError("Le SIRET compte 14 chiffres, sans espace.")
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(digit) for digit in value) % 5 == 0
    else:
        valid = luhn_is_valid(value)
    if not valid:
        raise ValidationError("Ce SIRET n’existe pas : vérifie les chiffres (la clé de contrôle ne correspond pas).")
