import datetime

import pytest
from django.template import Context, Template

from offers.models import SearchLog
from questionnaires.models import Choice, Theme
from stats.figures import Bar, figures_for, percentile
from stats.gaps import SENSITIVE_ANSWERS, as_gap, gaps, protected_gaps, read_search_token
from stats.scopes import Period, france_scope, organisation_scope, territory_scope
from territories import working_days
from territories.models import Commune, Territory
from tests.stats.fixtures import NOW, add_searches, at, make_november

NOVEMBER = Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))


def test_working_days_to_contact_skip_the_weekend_and_the_holiday():
    # Friday 7 → Wednesday 12 November 2025: Monday 10 and Wednesday 12 (Tuesday 11 is Armistice day).
    assert working_days.working_days_to(at(7, 10), at(12, 15), "51") == 2
    # After 18:00 on Monday 10, a request counts from Wednesday 12: contacted that day, it took 0 working days.
    assert working_days.working_days_to(at(10, 19), at(12, 9), "51") == 0
    # Contacted before the day it counts from (a Friday evening request, called back at once): 0.
    assert working_days.working_days_to(at(7, 19), at(7, 20), "51") == 0


def test_percentiles_interpolate_between_the_counted_whole_days():
    # Delays 0, 1, 2, 3 (one request each): median 1.5, 90th percentile 2 + 0.7 × (3 − 2).
    assert percentile([(0, 1), (1, 1), (2, 1), (3, 1)], 0.5) == 1.5
    assert percentile([(0, 1), (1, 1), (2, 1), (3, 1)], 0.9) == pytest.approx(2.7)
    # Ten requests: 0 (×6), 4 (×4): the 90th percentile falls between two requests of 4 days.
    assert percentile([(0, 6), (4, 4)], 0.5) == 0.0 and percentile([(0, 6), (4, 4)], 0.9) == 4.0
    assert percentile([(0, 5), (4, 5)], 0.5) == 2.0
    assert percentile([(2, 1)], 0.9) == 2.0 and percentile([], 0.5) is None


@pytest.mark.django_db
def test_territory_figures_computed_by_hand():
    november = make_november()

    figures = figures_for(territory_scope(november.territory), NOVEMBER, now=NOW)

    assert [november.requests[name].working_days_to_contact for name in ["r1", "r2", "r3", "r4"]] == [2, 3, 1, 0]
    assert (figures.received, figures.contacted) == (7, 4)
    assert figures.median_days == 1.5
    assert figures.p90_days == pytest.approx(2.7)
    assert (figures.on_time, figures.settled, figures.on_time_share) == (3, 5, 60)
    assert (figures.escalated, figures.reported_not_contacted) == (1, 1)
    assert [(bar.label, bar.value) for bar in figures.per_month] == [("nov. 2025", 7)]
    assert [(bar.label, bar.value) for bar in figures.per_theme] == [("Emploi", 7)]
    assert [(bar.label, bar.value) for bar in figures.outcomes] == [
        ("en cours", 5),
        ("n’en a plus besoin", 1),
        ("service mobilisé", 1),
    ]
    assert [(row.outcome, row.said_contacted, row.said_not_contacted) for row in figures.youth_answers] == [
        ("en cours", 1, 1),
        ("service mobilisé", 1, 0),
    ]
    # Évry is not in Grand Reims: 5 searches, 2 without any offer, 2 with one.
    [emploi] = figures.searches
    assert (emploi.total, emploi.no_result, emploi.one_result, emploi.several_results) == (5, 2, 2, 1)


@pytest.mark.django_db
def test_a_contact_the_youth_confirmed_counts_in_the_delays_like_one_a_professional_recorded():
    november = make_november()
    # r5 counts from Wednesday 12; the youth says on Monday 17 that someone called: Thursday 13, Friday 14, Monday 17.
    november.requests["r5"].confirm_contact_by_youth(at=at(17, 11))

    figures = figures_for(territory_scope(november.territory), NOVEMBER, now=NOW)

    assert november.requests["r5"].working_days_to_contact == 3
    assert figures.contacted == 5
    # Delays 0, 1, 2, 3, 3: median 2, 90th percentile 3.
    assert (figures.median_days, figures.p90_days) == (2.0, 3.0)
    assert figures.median_days_text == "2 jours ouvrés"


@pytest.mark.django_db
def test_scopes_and_period_bound_the_figures():
    november = make_november()

    national = figures_for(france_scope(), NOVEMBER, now=NOW)
    elsewhere = figures_for(territory_scope(november.elsewhere), NOVEMBER, now=NOW)
    organisation = figures_for(organisation_scope(november.organisation), NOVEMBER, now=NOW)
    first_week = figures_for(
        territory_scope(november.territory), Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 9)), now=NOW
    )

    assert (national.received, national.searches_total, national.searches_without_result) == (7, 6, 3)
    assert (elsewhere.received, elsewhere.searches_total) == (0, 1)
    assert (organisation.received, organisation.searches_total) == (7, 5)
    # Only r1, r2 and r7 arrived before Sunday 9; the percentiles read r1 and r2 alone: 2 and 3.
    assert first_week.received == 3
    assert (first_week.median_days, first_week.p90_days) == (2.5, pytest.approx(2.9))
    assert [bar.value for bar in first_week.per_month] == [3]


@pytest.mark.django_db
def test_months_without_requests_show_zero():
    november = make_november()

    figures = figures_for(
        territory_scope(november.territory), Period(datetime.date(2025, 9, 15), datetime.date(2025, 11, 30)), now=NOW
    )

    assert [(bar.label, bar.value, bar.share) for bar in figures.per_month] == [
        ("sept. 2025", 0, 0.0),
        ("oct. 2025", 0, 0.0),
        ("nov. 2025", 7, 100.0),
    ]


@pytest.mark.django_db
def test_the_gap_table_counts_searches_with_zero_or_one_result_by_commune_theme_and_profile():
    november = make_november()

    rows = [as_gap(row) for row in gaps(territory_scope(november.territory).searches_in(NOVEMBER))]

    assert [
        (row.commune, row.theme, row.ages, row.answers, row.searches, row.without_result, row.with_one_result)
        for row in rows
    ] == [
        ("Reims", "Emploi", (18, 25), {"situation": "job_seeker"}, 3, 2, 1),
        ("Reims", "Emploi", (18, 25), {"situation": "student"}, 1, 0, 1),
    ]
    assert rows[0].profile_in_words == "Âge : 18 à 25 ans ; Situation : Je cherche un emploi"
    assert read_search_token(rows[0].search_token) == {
        "commune": "51454",
        "theme": "emploi",
        "answers": {"situation": "job_seeker"},
        "ages": [18, 25],
    }
    assert read_search_token(rows[0].search_token + "x") is None


@pytest.mark.django_db
def test_the_gap_table_groups_ages_in_bands_that_offers_tell_apart():
    november = make_november()
    reims, emploi = Commune.objects.get(insee_code="51454"), Theme.objects.get(slug="emploi")
    for age, count in [(15, 0), (17, 0), (17, 1), (24, 0), (26, 0), (30, 1), (None, 0)]:
        answers = {"situation": "job_seeker"} | ({"age": age} if age else {})
        SearchLog.coarsened(
            commune=reims, theme=emploi, answers=answers, result_count=count, day=at(13, 9).date()
        ).save()

    rows = [as_gap(row) for row in gaps(territory_scope(november.territory).searches_in(NOVEMBER))]

    counted = {(row.ages, tuple(row.answers.items())): (row.searches, row.without_result) for row in rows}
    job_seeker = (("situation", "job_seeker"),)
    assert counted == {
        ((18, 25), job_seeker): (4, 3),  # 19, 19, 19 of the fixture and 24
        ((15, 17), job_seeker): (3, 2),
        ((26, 30), job_seeker): (2, 1),
        ((18, 25), (("situation", "student"),)): (1, 0),
        (None, job_seeker): (1, 1),  # the age was not asked
    }
    assert [row.profile_in_words for row in rows[:2]] == [
        "Âge : 18 à 25 ans ; Situation : Je cherche un emploi",
        "Âge : 15 à 17 ans ; Situation : Je cherche un emploi",
    ]


@pytest.mark.django_db
def test_the_demo_year_of_history_fills_every_figure():
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    reims = Territory.objects.get(slug="grand-reims")

    figures = figures_for(territory_scope(reims), Period.last_twelve_months())

    assert all(bar.value > 0 for bar in figures.per_month)
    assert figures.median_days is not None and figures.on_time_share is not None
    assert figures.escalated and figures.reported_not_contacted and figures.youth_answers
    assert len(figures.outcomes) >= 4 and figures.searches_without_result


def shown(rows):
    return [(row.commune, row.theme, row.profile_in_words, row.counts_text()) for row in rows]


@pytest.mark.django_db
def test_a_commune_shows_a_profile_only_from_ten_searches_and_the_rest_counts_for_the_whole_territory():
    november = make_november()
    reims = Commune.objects.get(insee_code="51454")
    village = Commune.objects.filter(department="51").exclude(pk=reims.pk).order_by("population", "pk").first()
    november.territory.communes.add(village)
    # Reims: 3 job seekers of 18–25 in the fixture, 9 more make 12; 1 student stays alone.
    add_searches(reims, "emploi", {"age": 20, "situation": "job_seeker"}, 9)
    add_searches(village, "emploi", {"age": 21, "situation": "job_seeker"}, 2)

    rows = protected_gaps(territory_scope(november.territory).searches_in(NOVEMBER), area="Grand Reims")

    job_seekers, students = (
        "Âge : 18 à 25 ans ; Situation : Je cherche un emploi",
        "Âge : 18 à 25 ans ; Situation : Je fais des études après le bac",
    )
    assert shown(rows) == [
        ("Reims", "Emploi", job_seekers, ("12", "11", "1")),
        (
            "Grand Reims (communes de moins de 10 recherches)",
            "Emploi",
            job_seekers,
            ("moins de 10", "moins de 10", "0"),
        ),
        ("Grand Reims (communes de moins de 10 recherches)", "Emploi", students, ("moins de 10", "0", "moins de 10")),
    ]
    assert village.name not in str(shown(rows))
    assert [row.is_local for row in rows] == [True, False, False]


@pytest.mark.django_db
def test_sensitive_answers_are_only_counted_for_the_whole_territory_however_many():
    november = make_november()
    reims = Commune.objects.get(insee_code="51454")
    add_searches(reims, "sante", {"age": 16, "situation": "school", "health_need": ["in_danger"]}, 12)
    add_searches(reims, "logement", {"age": 19, "situation": "job_seeker", "housing": "homeless"}, 10)
    add_searches(reims, "emploi", {"age": 19, "situation": "job_seeker", "disability": "rqth"}, 10)
    add_searches(reims, "emploi", {"age": 19, "situation": "job_seeker", "disability": "no"}, 10)

    rows = protected_gaps(territory_scope(november.territory).searches_in(NOVEMBER), area="Grand Reims")

    by_place = {(row.commune, row.theme, row.profile_in_words): row.counts_text()[0] for row in rows}
    everywhere = "Grand Reims (toutes les communes)"
    assert by_place == {
        (
            everywhere,
            "Santé",
            "Âge : 15 à 17 ans ; Situation : Je suis au collège ou au lycée ; "
            "Besoin de santé : C’est urgent : je suis en danger, ou je pense à me faire du mal",
        ): "12",
        (
            everywhere,
            "Logement",
            "Âge : 18 à 25 ans ; Situation : Je cherche un emploi ; Logement actuel : Je n’ai pas d’endroit où dormir",
        ): "10",
        (
            everywhere,
            "Emploi",
            "Âge : 18 à 25 ans ; Situation : Je cherche un emploi ; Reconnaissance de handicap : Oui, j’ai une RQTH",
        ): "10",
        # Saying "no" to the disability question says nothing sensitive: Reims has its row.
        (
            "Reims",
            "Emploi",
            "Âge : 18 à 25 ans ; Situation : Je cherche un emploi ; Reconnaissance de handicap : Non",
        ): "10",
        (
            "Grand Reims (communes de moins de 10 recherches)",
            "Emploi",
            "Âge : 18 à 25 ans ; Situation : Je cherche un emploi",
        ): "moins de 10",
        (
            "Grand Reims (communes de moins de 10 recherches)",
            "Emploi",
            "Âge : 18 à 25 ans ; Situation : Je fais des études après le bac",
        ): "moins de 10",
    }


@pytest.mark.django_db
def test_every_sensitive_answer_names_a_question_and_choices_of_the_questionnaires():
    for question_key, choice_keys in SENSITIVE_ANSWERS.items():
        known = set(Choice.objects.filter(question__key=question_key).values_list("key", flat=True))
        assert known, question_key
        assert choice_keys is None or choice_keys <= known, question_key


@pytest.mark.django_db
@pytest.mark.parametrize("share", [0.0, 0.1, 0.2, 12.5, 33.3, 50.0, 66.7, 99.9, 100.0])
def test_a_bar_is_as_long_as_widthratio_would_draw_it(share):
    bar = Bar("Emploi", 3, share)

    assert bar.length == Template("{% widthratio bar.share 100 260 %}").render(Context({"bar": bar}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "label",
    ["Emploi", "x" * 39, "x" * 40, "x" * 41, "Mission locale de Reims et de l’agglomération rémoise", "e\u0301" * 40],
)
def test_a_bar_s_label_is_cut_as_truncatechars_would_cut_it(label):
    bar = Bar(label, 3, 100.0)

    assert bar.short_label == Template("{{ bar.label|truncatechars:40 }}").render(
        Context({"bar": bar}, autoescape=False)
    )
