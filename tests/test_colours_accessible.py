"""Contrast (WCAG 2.1 AA) and colour-vision safety of every palette in clvteach.style."""
from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from clvteach import style  # noqa: E402

import colorspacious  # noqa: E402

#: WCAG 2.1 AA for normal-size text.
AA_TEXT = 4.5
#: Smallest CAM02-UCS colour difference between two colours of one group, with full
#: deuteranopia, protanopia or tritanopia (Machado et al. 2009 at severity 100). The
#: Okabe–Ito palette reaches 9.8 (bluish green vs grey, deuteranopia); 2 is barely
#: noticeable side by side, so 8 leaves a clear margin.
MIN_DELTA_E = 8.0
DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")


def _simulate(colour: str, deficiency: str) -> np.ndarray:
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(colorspacious.cspace_convert(to_rgb(colour), space, "sRGB1"), 0, 1)


def _closest_pair(colours: dict[str, str], deficiency: str) -> tuple[float, str, str]:
    return min((float(colorspacious.deltaE(_simulate(a, deficiency), _simulate(b, deficiency),
                                           input_space="sRGB1")), na, nb)
               for (na, a), (nb, b) in itertools.combinations(colours.items(), 2))


def test_contrast_ratio_matches_the_wcag_examples():
    assert style.contrast_ratio("#000000") == pytest.approx(21.0)
    assert style.contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    assert style.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    # the faint annotations this palette had before
    assert style.contrast_ratio(style.OKABE_ITO["orange"]) == pytest.approx(2.25, abs=0.01)


@pytest.mark.parametrize("palette", ["OKABE_ITO_TEXT", "TEXT_COLORS"])
def test_text_colours_meet_wcag_aa_on_white(palette):
    colours = getattr(style, palette)
    faint = {k: round(style.contrast_ratio(v), 2) for k, v in colours.items()
             if style.contrast_ratio(v) < AA_TEXT}
    assert not faint, f"{palette}: below {AA_TEXT}:1 on white: {faint}"


def test_text_colours_keep_the_meaning_of_their_fill_colours():
    assert set(style.TEXT_COLORS) == set(style.COLORS)
    assert set(style.OKABE_ITO_TEXT) == set(style.OKABE_ITO)
    for key, fill in style.COLORS.items():
        if style.contrast_ratio(fill) >= AA_TEXT:
            assert style.TEXT_COLORS[key] == fill, key  # dark enough already: unchanged


@pytest.mark.parametrize("background", [*style.OKABE_ITO.values(), "#999999", "#DDDDDD"])
def test_text_on_a_fill_picks_the_readable_one(background):
    # every Okabe–Ito colour has black or white text at AA (black on blue would be 4.05)
    assert style.contrast_ratio(style.text_on(background), background) >= AA_TEXT


def _groups():
    for name, keys in style.CATEGORICAL.items():
        yield f"COLORS:{name}", {k: style.COLORS[k] for k in keys}
    yield "OKABE_ITO", dict(style.OKABE_ITO)
    yield "presentation cycle", {c: c for c in style._CYCLE}


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("group", [name for name, _ in _groups()])
def test_categorical_colours_stay_distinguishable_with_colour_vision_deficiency(group,
                                                                                 deficiency):
    colours = dict(_groups())[group]
    assert len(set(colours.values())) == len(colours), f"{group}: a colour is used twice"
    delta, a, b = _closest_pair(colours, deficiency)
    assert delta >= MIN_DELTA_E, (f"{group} with {deficiency}: {a} and {b} differ by "
                                  f"only ΔE={delta:.1f} (need ≥ {MIN_DELTA_E})")


def test_the_distinguishability_test_can_fail():
    # two greens that everyone but a tritanope tells apart easily
    delta, *_ = _closest_pair({"red": "#D55E00", "green": "#009E73"}, "deuteranomaly")
    similar, *_ = _closest_pair({"a": "#0072B2", "b": "#0074B5"}, "tritanomaly")
    assert similar < MIN_DELTA_E < delta
