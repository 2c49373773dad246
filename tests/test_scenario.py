"""The scenario model (`xbmarkets.scenario`): URL / JSON validation falls back to defaults and says what it dropped."""

from __future__ import annotations

import json

import pytest

from xbmarkets import scenario as sc
from xbmarkets.weights import PRESETS, PROFILES

PILLARS = ("growth", "competition", "logistics", "payments", "regulation", "custom")
CHOICES = sc.Choices(
    pillars=PILLARS,
    indicators=("lpi_overall", "population"),
    presets=tuple(PRESETS),
    profiles=tuple(PROFILES),
    regions=("East Asia & Pacific", "Middle East, North Africa, Afghanistan & Pakistan"),
    income_groups=("High income", "Low income"),
    tiers=("mature", "growth", "emerging"),
    preset_weights={k: dict(v.pillar_weights) for k, v in PRESETS.items()},
    default_preset="balanced",
    directions={"lpi_overall": 1, "online_buyers": -1},
)


def keys(problems):
    return sorted(p.key for p in problems)


def test_defaults_follow_the_default_preset_and_weigh_custom_like_the_cli():
    """The CLI gives an upload the mean of the other positive weights (report.default_custom_weight)."""
    from xbmarkets.report import default_custom_weight

    d = sc.defaults(CHOICES)
    five = [d[sc.weight_key(p)] for p in PILLARS[:5]]
    assert len(set(five)) == 1 and five[0] > 0  # "balanced" is equal weights
    assert d["w_custom"] == five[0]  # an average pillar
    assert d["method"] == "wsm" and d["lang"] == "en" and d["preset"] == "balanced"
    points = {"growth": 50, "competition": 10, "logistics": 0, "payments": 30, "regulation": 20}
    assert sc.custom_weight_points(points) == round(default_custom_weight(points)) == 28


def test_directions_default_to_the_catalog_and_only_flips_travel():
    d = sc.defaults(CHOICES)
    assert d["dir_online_buyers"] == -1 and d["dir_lpi_overall"] == 1
    assert "dir_online_buyers" not in sc.to_query(d, CHOICES)
    flipped = {**d, "dir_online_buyers": 1}
    assert sc.to_query(flipped, CHOICES)["dir_online_buyers"] == "1"
    assert sc.direction_overrides(flipped, CHOICES) == {"online_buyers": 1}
    back, problems = sc.parse_query(sc.to_query(flipped, CHOICES), CHOICES)
    assert problems == [] and back["dir_online_buyers"] == 1
    assert json.loads(sc.to_json(flipped, CHOICES))["dir_online_buyers"] == 1


@pytest.mark.parametrize("value", ["2", "0", "", "abc", "nan", "-1.5"])
def test_a_tampered_direction_falls_back_to_the_catalog(value):
    scen, problems = sc.parse_query({"dir_online_buyers": value}, CHOICES)
    assert scen["dir_online_buyers"] == -1 and keys(problems) == ["dir_online_buyers"]


def test_dropped_keys_are_capped():
    _, problems = sc.parse_query({"k" * 5000: "1"}, CHOICES)
    assert problems[0].key == "k" * 40


def test_scale_weights_keeps_ratios_and_puts_the_largest_at_half_range():
    out = sc.scale_weights({"growth": 4.0, "logistics": 1.0, "payments": 0.0}, ["growth", "logistics", "payments"])
    assert out["growth"] == sc.WEIGHT_MAX // 2
    assert out["logistics"] == round(sc.WEIGHT_MAX / 2 / 4)
    assert out["payments"] == 0
    assert sc.scale_weights({"growth": 0.0}, ["growth"]) == {"growth": 0}


def test_valid_query_round_trips_through_to_query():
    scen = sc.defaults(CHOICES)
    scen.update(
        {
            "w_growth": 80,
            "w_logistics": 0,
            "method": "topsis",
            "cov": 0.7,
            "lang": "zh",
            "f_region": ["Middle East, North Africa, Afghanistan & Pakistan"],
            "iw_lpi_overall": 2.5,
            "preset": "",
            "profile": "electronics",
        }
    )
    query = sc.to_query(scen, CHOICES)
    back, problems = sc.parse_query(query, CHOICES)
    assert problems == []
    assert back == scen


def test_to_query_omits_defaults_except_weights():
    query = sc.to_query(sc.defaults(CHOICES), CHOICES)
    assert set(query) == {sc.weight_key(p) for p in PILLARS[:5]}


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("w_growth", "-5", "out_of_range"),
        ("w_growth", "1e9", "out_of_range"),
        ("w_growth", "nan", "bad_number"),
        ("w_growth", "lots", "bad_number"),
        ("iw_lpi_overall", "99", "out_of_range"),
        ("cov", "1.5", "out_of_range"),
        ("method", "magic", "unknown_choice"),
        ("preset", "no_such_preset", "unknown_choice"),
        ("profile", "<script>", "unknown_choice"),
        ("lang", "fr", "unknown_choice"),
        ("f_region", "Atlantis", "unknown_choice"),
        ("hack", "1", "unknown_key"),
    ],
)
def test_tampered_values_fall_back_to_defaults_and_are_reported(key, value, why):
    scen, problems = sc.parse_query({key: [value]}, CHOICES)
    assert [(p.key, p.why) for p in problems] == [(key, why)]
    if key in scen:
        assert scen[key] == sc.defaults(CHOICES)[key]
    assert set(scen) == set(sc.defaults(CHOICES))


def test_a_bad_value_does_not_discard_the_good_ones():
    scen, problems = sc.parse_query(
        {"w_growth": ["-1"], "w_payments": ["70"], "f_income": ["High income", "Nowhere"]}, CHOICES
    )
    assert keys(problems) == ["f_income", "w_growth"]
    assert scen["w_payments"] == 70
    assert scen["f_income"] == ["High income"]


def test_streamlit_reserved_query_keys_are_ignored():
    _, problems = sc.parse_query({"embed": ["true"], "embed_options": ["light_theme"]}, CHOICES)
    assert problems == []


def test_indicator_weights_snap_to_the_slider_grid():
    scen, problems = sc.parse_query({"iw_population": ["0.3"]}, CHOICES)
    assert problems == [] and scen["iw_population"] == 0.25


def test_scenario_json_round_trip():
    scen = sc.defaults(CHOICES)
    scen.update({"w_competition": 10, "f_tier": ["growth"], "method": "topsis"})
    back, problems = sc.from_json(sc.to_json(scen, CHOICES), CHOICES)
    assert problems == [] and back == scen


def test_scenario_json_with_bad_values_is_repaired_and_reported():
    payload = {"xbmarkets_scenario": 1, "w_growth": 1000, "method": "topsis", "f_tier": ["gold"]}
    back, problems = sc.from_json(json.dumps(payload).encode(), CHOICES)
    assert keys(problems) == ["f_tier", "w_growth"]
    assert back["method"] == "topsis" and back["w_growth"] == sc.defaults(CHOICES)["w_growth"]


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b'{"w_growth": 3}', b"\xff\xfe", b"{" * 70_000])
def test_files_that_are_not_scenarios_raise_one_clear_error(data):
    with pytest.raises(ValueError, match="scenario file"):
        sc.from_json(data, CHOICES)


def test_pillar_and_indicator_weights_for_the_engine():
    scen = sc.defaults(CHOICES)
    scen["w_growth"] = 0
    pw = sc.pillar_weights(scen, PILLARS[:5])
    assert pw["growth"] == 0.0 and set(pw) == set(PILLARS[:5])
    assert sc.indicator_weights(scen, ["lpi_overall"]) == {"lpi_overall": 1.0}


def test_score_inputs_are_canonical_and_none_without_weight():
    scen = sc.defaults(CHOICES) | {"method": "topsis", "cov": 0.6, "iw_population": 2.0}
    got = sc.score_inputs(scen, ("logistics", "growth"), ("population", "lpi_overall"))
    w = sc.defaults(CHOICES)
    assert got == (
        (("growth", float(w["w_growth"])), ("logistics", float(w["w_logistics"]))),  # sorted: order of input is moot
        (("lpi_overall", 1.0), ("population", 2.0)),
        "topsis",
        0.6,
    )
    assert sc.score_inputs(scen | {"w_growth": 0, "w_logistics": 0}, ("logistics", "growth"), ()) is None


def test_choices_for_a_matrix_come_from_its_data():
    from synthetic import five_pillar_dm, make_dm

    dm = five_pillar_dm(n=4)
    choices = sc.choices_for(dm)
    assert choices.indicators == tuple(dm.criteria.index)
    assert choices.regions == ("Test region",) and choices.income_groups == ("High income",)
    assert choices.directions == {"g1": 1, "g2": 1, "c1": -1, "l1": 1, "l2": 1, "p1": 1, "r1": 1}
    assert choices.presets == tuple(PRESETS) and choices.default_preset == "balanced"
    assert choices.tiers == sc.TIERS and "custom" in choices.pillars
    # a founder's column gets a weight key but cannot be flipped from a link
    own = make_dm({"AAA": {"g1": 1.0, "mine": 2.0}}, {"g1": "growth", "mine": "custom"})
    own_choices = sc.choices_for(own, presets={}, profiles={})
    assert "mine" in own_choices.indicators and "mine" not in own_choices.directions
    assert own_choices.default_preset == "" and own_choices.presets == ()


def test_the_tier_names_match_the_engine():
    from xbmarkets.tiers import TIERS

    assert sc.TIERS == TIERS
