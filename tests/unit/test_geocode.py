"""Geocode stage, named places and the event's place, on hand-built articles with a fake gazetteer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.backends.gazetteer import Candidate, FakeGazetteer
from dateline.backends.nlp import FakeNlp
from dateline.model import AnalyzedArticle, Article, Entity, Place, Span, Toponym
from dateline.stages.geocode import Geocode, pick_event_place, resolve_spans
from dateline.stages.place_ranking import Mention, distance_km, rank_mentions


def place(
    name: str,
    gid: int | None,
    feature: str,
    country: str,
    lat: float,
    lon: float,
    pop: int = 0,
    admin1: str | None = None,
) -> Place:
    precision = 1 if feature == "city" else 3
    return Place(name, gid, feature, country, admin1, lat, lon, precision, population=pop)


SYRIA = place("Syria", 163843, "country", "SY", 35.0, 38.0, 16_906_283)
TURKEY = place("Turkey", 298795, "country", "TR", 39.0, 35.0, 82_319_724)
TURKEY_TOWN = place("Turkey", 4736000, "city", "US", 34.39, -100.89, 400, "Texas")
JORDAN = place("Jordan", 248816, "country", "JO", 31.0, 36.0, 9_956_011)
JORDAN_TOWN = place("Jordan", 1710116, "city", "PH", 10.66, 122.6, 8_255)
DEIR = place("Deir ez-Zor", 170794, "city", "SY", 35.336, 40.141, 271_800, "Deir ez-Zor")
DEIR_PROVINCE = place("Deir ez-Zor", None, "admin1", "SY", 35.0, 40.5, 447_454, "Deir ez-Zor")
MAYADIN = place("Al Mayādīn", 173480, "city", "SY", 35.02, 40.45, 54_534, "Deir ez-Zor")
TADMUR = place("Tadmur", 163808, "city", "SY", 34.56, 38.28, 51_015, "Homs")
PALMYRA_NY = place("Palmyra", 5131000, "city", "US", 43.06, -77.23, 3_500, "New York")
HAMIDIYAH_TARTUS = place("Al Ḩamīdīyah", 173842, "city", "SY", 34.7, 35.9, 0, "Tartus")
BEIRUT = place("Beirut", 276781, "city", "LB", 33.89, 35.49, 1_916_100)
MARCH_TOWN = place("March", 2643071, "city", "GB", 52.55, 0.09, 21_051)
SANAA = place("Sanaa", 71137, "city", "YE", 15.35, 44.21, 1_937_451)
POLICE_TOWN = place("Police", 3088000, "city", "PL", 53.55, 14.57, 33_000)
NOUR_TOWN = place("Navur", 616383, "city", "AM", 40.86, 45.34, 2_000)
MOSCOW = place("Moscow", 524901, "city", "RU", 55.75, 37.62, 10_381_222)

GAZ = FakeGazetteer(
    {
        "Syria": [SYRIA],
        "Turkey": [TURKEY, TURKEY_TOWN],
        "Jordan": [JORDAN, JORDAN_TOWN],
        "Deir ez-Zor": [DEIR, DEIR_PROVINCE],
        "Al Mayadin": [MAYADIN],
        "Mayadeen": [MAYADIN],
        "Tadmur": [TADMUR],
        "Palmyra": [TADMUR, PALMYRA_NY],
        "Hamidiyah": [HAMIDIYAH_TARTUS],
        "Beirut": [BEIRUT],
        "March": [MARCH_TOWN],
        "Sana": [SANAA],
        "Police": [POLICE_TOWN],
        "Nour": [NOUR_TOWN],
        "Moscow": [MOSCOW],
    },
    demonyms={
        "Syrian": SYRIA,
        "Turkish": TURKEY,
        "Russian": place("Russia", 2017370, "country", "RU", 60, 100),
    },
    common_words=frozenset({"march", "police", "turkey", "jordan", "palmyra"}),
)


def analyzed(text: str, entities: dict[str, str] | None = None) -> AnalyzedArticle:
    """An annotated article: FakeNlp sentences; entities given as {surface: label} (every occurrence)."""
    parsed = FakeNlp().parse(text)
    ents = []
    for surface, label in (entities or {}).items():
        start = text.find(surface)
        while start >= 0:
            ents.append(Entity(Span(start, start + len(surface)), label))
            start = text.find(surface, start + 1)
    return AnalyzedArticle(
        article=Article(id="t", text=text),
        clean_text=text,
        sentences=parsed.sentences,
        tokens=parsed.tokens,
        entities=tuple(sorted(ents, key=lambda e: e.span)),
    )


def geocoded(text: str, entities: dict[str, str] | None = None) -> AnalyzedArticle:
    return Geocode(GAZ)(analyzed(text, entities))


def found(doc: AnalyzedArticle) -> list[tuple[str, str | None, int | None]]:
    return [
        (t.span.of(doc.text), t.place.feature if t.place else None, t.place.geonameid if t.place else None)
        for t in doc.toponyms
    ]


def test_stage_contract() -> None:
    stage = Geocode(GAZ)
    assert stage.name == "geocode"
    assert stage.requires == frozenset({"clean_text", "sentences", "entities"})
    assert stage.assigns == frozenset({"toponyms"})
    out = next(stage.pipe([analyzed("Fighting in Syria.")]))
    assert "geocode" in out.done


@pytest.mark.parametrize(
    "spelling", ["Deir Az Zor", "Deir al-Zour", "Deir el-Zour", "Deir Ezzor", "Deir ez-Zor"]
)
def test_spelling_variants_resolve_to_the_city(spelling: str) -> None:
    doc = geocoded(f"The army entered {spelling} on Thursday, near the Euphrates in Syria.")
    assert (spelling, "city", 170794) in found(doc)


def test_mayadeen_is_found_even_when_spacy_calls_it_a_date() -> None:
    text = "Regime forces have retaken four neighbourhoods of Mayadeen in Syria."
    doc = geocoded(text, {"Mayadeen": "DATE"})
    assert ("Mayadeen", "city", 173480) in found(doc)


def test_palmyra_is_tadmur_in_a_syrian_article() -> None:
    doc = geocoded(
        "The army recaptured the city of Palmyra from Islamic State, the Syrian army said in Syria."
    )
    assert ("Palmyra", "city", 163808) in found(doc)


def test_single_word_person_tag_is_overridden_by_place_evidence_elsewhere() -> None:
    text = "Forces took Palmyra on Sunday. They entered Palmyra city after a week of fighting in Syria."
    doc = geocoded(text, {"Palmyra": "PERSON", "Palmyra city": "GPE"})
    assert [f for f in found(doc) if f[0] == "Palmyra"] == [("Palmyra", "city", 163808)] * 2


def test_multiword_person_is_never_a_place() -> None:
    doc = geocoded("Striker Jordan Henderson scored twice.", {"Jordan Henderson": "PERSON"})
    assert found(doc) == []


@pytest.mark.parametrize(
    "text, entities",
    [
        ("The talks resume on March 4 in Geneva.", {}),
        ("SANA said late on Thursday that the army advanced.", {"SANA": "ORG"}),
        ("Syrian and Russian troops advanced.", {"Syrian": "NORP", "Russian": "NORP"}),
        ("The Police said the road was closed.", {}),
        ("Officials said the Police would investigate.", {"Police": "ORG"}),
    ],
)
def test_false_friends_are_not_places(text: str, entities: dict[str, str]) -> None:
    names = [f[0] for f in found(geocoded(text, entities))]
    assert not {"March", "SANA", "Thursday", "Syrian", "Russian", "Police"} & set(names), names


def test_turkey_and_jordan_are_countries() -> None:
    doc = geocoded(
        "Refugees crossed from Syria into Turkey and Jordan last year.", {"Turkey": "GPE", "Jordan": "GPE"}
    )
    assert ("Turkey", "country", 298795) in found(doc)
    assert ("Jordan", "country", 248816) in found(doc)


def test_province_and_city_of_the_same_name() -> None:
    doc = geocoded("Fighting spread across Deir ez-Zor province. Troops entered the city of Deir ez-Zor.")
    assert found(doc)[0] == ("Deir ez-Zor", "admin1", None)
    assert found(doc)[1] == ("Deir ez-Zor", "city", 170794)


def test_named_places_sit_inside_the_city_named_nearby() -> None:
    text = (
        "Army units encircled fighters in al-Hamidiya, Sheikh Yasin and al-Rashida neighbourhoods "
        "in Deir Az Zor. "
        "The reporter said the army restored control over the Public Park and Nour Hospital after clashes."
    )
    doc = geocoded(text)
    named = {t.span.of(text): t.place for t in doc.toponyms if t.place and t.place.feature == "named-place"}
    assert set(named) == {"al-Hamidiya", "Sheikh Yasin", "al-Rashida", "Public Park", "Nour Hospital"}
    for p in named.values():
        assert p.parent == 170794 and p.precision == 2 and p.lat == DEIR.lat and p.country == "SY"


def test_resolve_spans_takes_demonyms_for_their_country() -> None:
    text = "Turkish troops shelled Deir ez-Zor."
    tops = resolve_spans(text, [Span(0, 7), Span(23, 34)], GAZ)
    assert [t.place.geonameid if t.place else None for t in tops] == [298795, 170794]
    assert resolve_spans(text, [Span(0, 7)], GAZ, demonyms=False)[0].place is None


def test_ranking_prefers_context_country_and_containment() -> None:
    text = "Palmyra, New York and Syria"
    ny = place("New York", 5128638, "admin1", "US", 42.9, -75.5, 19_000_000, "New York")
    mentions = [
        Mention(Span(0, 7), tuple(GAZ.lookup("Palmyra"))),
        Mention(Span(9, 17), (GAZ.lookup("Syria")[0].__class__(ny),)),
    ]
    tops = rank_mentions(mentions, text)
    assert tops[0].place == PALMYRA_NY  # "Palmyra, New York": inside the state named after the comma
    # Alone, the town whose main name is Palmyra: "Palmyra" is only an alternate name of Tadmur.
    assert rank_mentions(mentions[:1], text)[0].place == PALMYRA_NY
    syria_text = "Palmyra and Syria"
    syria = tuple(GAZ.lookup("Syria"))
    with_syria = [Mention(Span(0, 7), mentions[0].candidates), Mention(Span(12, 17), syria)]
    assert rank_mentions(with_syria, syria_text)[0].place == TADMUR  # the article's country decides


def test_an_alternate_name_yields_to_places_so_named() -> None:
    aleppo = place("Aleppo", 170063, "city", "SY", 36.2, 37.16, 2_098_210, "Aleppo")
    berea = place("Berea", 4283974, "city", "US", 37.57, -84.3, 14_882, "Kentucky")
    text = "Berea"
    candidates = (Candidate(aleppo, primary=False), Candidate(berea, primary=True))
    assert rank_mentions([Mention(Span(0, 5), candidates)], text)[0].place == berea
    enfield_town = place("Enfield Town", 2650105, "city", "GB", 51.65, -0.08, 156_858, "England")
    enfield_ct = place("Enfield", 4834157, "city", "US", 41.98, -72.59, 45_212, "Connecticut")
    short_form = (Candidate(enfield_town, primary=False), Candidate(enfield_ct, primary=True))
    # "Enfield" is a short form of "Enfield Town", not another name: population decides.
    assert rank_mentions([Mention(Span(0, 7), short_form)], "Enfield")[0].place == enfield_town


def test_a_small_town_named_after_a_region_of_its_country_yields_to_the_region() -> None:
    """ "Columbus and Indiana": Indiana, Pennsylvania is nearer Columbus than the state's reference point,
    but a town of 14,000 named after a state it does not lie in is read as the state."""
    state = place("Indiana", 4921868, "admin1", "US", 40.0, -86.25, 6_700_000, "Indiana")
    town = place("Indiana", 5194369, "city", "US", 40.62, -79.15, 14_100, "Pennsylvania")
    columbus = place("Columbus", 4509177, "city", "US", 39.96, -83.0, 913_000, "Ohio")
    mentions = [
        Mention(Span(0, 8), (Candidate(columbus),)),
        Mention(Span(13, 20), (Candidate(state), Candidate(town))),
    ]
    assert rank_mentions(mentions, "Columbus and Indiana")[1].place == state
    # Washington, D.C. is no small namesake of Washington state: population decides as before.
    dc = place("Washington", 4140963, "city", "US", 38.9, -77.04, 689_545, "Washington, D.C.")
    wa = place("Washington", 5815135, "admin1", "US", 47.5, -120.5, 7_600_000, "Washington")
    alone = [Mention(Span(0, 10), (Candidate(dc), Candidate(wa)))]
    capital = [Mention(Span(0, 10), alone[0].candidates), Mention(Span(15, 24), (Candidate(columbus),))]
    assert rank_mentions(capital, "Washington and Columbus")[0].place == dc


def test_distance_km() -> None:
    assert distance_km(DEIR, MAYADIN) == pytest.approx(44, abs=3)
    assert distance_km(DEIR, place("x", None, "city", "", None, None)) == float("inf")  # type: ignore[arg-type]


def _sentence_of(doc: AnalyzedArticle, needle: str) -> Span:
    return next(s.span for s in doc.sentences if needle in s.span.of(doc.text))


def test_event_place_is_not_the_dateline() -> None:
    text = "BEIRUT: Syria regime forces have retaken four neighbourhoods of Mayadeen, the Observatory said."
    doc = geocoded(text, {"BEIRUT": "GPE"})
    sentence = _sentence_of(doc, "retaken")
    trigger = Span(text.index("retaken"), text.index("retaken") + 7)
    for trig in (trigger, None):
        picked = pick_event_place(doc, sentence, trig)
        assert picked is not None and picked.span.of(text) == "Mayadeen"


def test_event_place_prefers_the_specific_place_over_the_announcement_place() -> None:
    text = "Officials said in Moscow that the army took Deir ez-Zor in Syria."
    doc = geocoded(text)
    picked = pick_event_place(
        doc, _sentence_of(doc, "took"), Span(text.index("took"), text.index("took") + 4)
    )
    assert picked is not None and picked.place == DEIR


def test_event_place_none_without_places() -> None:
    doc = geocoded("The army advanced quickly.")
    assert pick_event_place(doc, doc.sentences[0].span) is None
    unresolved = AnalyzedArticle(
        article=doc.article, clean_text=doc.text, toponyms=(Toponym(Span(4, 8), None),)
    )
    assert pick_event_place(unresolved, Span(0, len(doc.text))) is None


def test_empty_and_placeless_articles() -> None:
    assert geocoded("").toponyms == ()
    assert geocoded("   \n  ").toponyms == ()
    assert geocoded("nothing capitalised here at all.").toponyms == ()


def test_support_sees_every_reading_of_the_other_names() -> None:
    from dateline.stages.place_ranking import _support

    richmond_va = place("Richmond", 4781708, "city", "US", 37.55, -77.46, 230_000, "Virginia")
    richmond_ky = place("Richmond", 4305974, "city", "US", 37.75, -84.29, 33_000, "Kentucky")
    madison_va = place("Madison County", 4770568, "admin2", "US", 38.41, -78.28, 13_000, "Virginia")
    madison_ky = place("Madison County", 4299665, "admin2", "US", 37.72, -84.28, 92_000, "Kentucky")
    mentions = [
        Mention(Span(0, 8), (Candidate(richmond_va), Candidate(richmond_ky))),
        Mention(Span(10, 24), (Candidate(madison_va), Candidate(madison_ky))),
    ]
    support = _support(mentions)
    assert support[(0, richmond_ky)] == pytest.approx(1.0)  # the county seat, inside its county
    assert 0.5 < support[(0, richmond_va)] < 1.0  # 90 km from the other Madison County
    assert _support(mentions[:1]) == {}  # a lone name has nobody to be near


# ------------------------------------------------------- faults seen on the demo corpus (2017 events)
KHAN_SHAYKHUN = place("Khān Shaykhūn", 168325, "city", "SY", 35.44, 36.65, 48_975, "Idlib")
ALBU_KAMAL = place("Ālbū Kamāl", 174448, "city", "SY", 34.45, 40.92, 57_572, "Deir ez-Zor")
AL_QAIM = place("Al Qā’im", 92138, "city", "IQ", 34.37, 41.09, 74_100, "Anbar")
RAWAH = place("Rāwah", 92004, "city", "IQ", 34.48, 41.92, 13_000, "Anbar")
RAWA_ID = place("Rawa", 8052202, "city", "ID", -2.0, 120.0, 0)
RAWA_PL = place("Rawa Mazowiecka", 760584, "city", "PL", 51.76, 20.25, 17_770)
GOTHA = place("Gotha", 2918752, "city", "DE", 50.95, 10.7, 46_615)
DAMASCUS = place("Damascus", 170654, "city", "SY", 33.51, 36.29, 1_569_394)
MOSUL = place("Mosul", 99072, "city", "IQ", 36.34, 43.13, 1_683_000, "Nineveh")
OLD_CITY_PS = place("Old City", 6945291, "city", "PS", 31.78, 35.23, 36_000)
ROMAN_RO = place("Roman", 668732, "city", "RO", 46.92, 26.93, 67_819)
HOMS = place("Homs", 169577, "city", "SY", 34.73, 36.72, 775_404, "Homs")

GAZ_2017 = FakeGazetteer(
    {
        **GAZ.entries,
        "Khan Shaykhun": [KHAN_SHAYKHUN],
        "Albu Kamal": [ALBU_KAMAL],
        "al-Qaim": [AL_QAIM],
        "Rawa": [RAWA_ID, RAWAH],  # GeoNames: the hamlet's main name, an alternate spelling of Rāwah
        "Rawah": [RAWAH],
        "Rawa Mazowiecka": [RAWA_PL],
        "Gotha": [GOTHA],
        "Damascus": [DAMASCUS],
        "Mosul": [MOSUL],
        "Old City": [OLD_CITY_PS],
        "Roman": [ROMAN_RO],
        "Homs": [HOMS],
    },
    demonyms=GAZ.demonyms,
    common_words=GAZ.common_words | {"roman", "old", "city"},
)


def geocoded_2017(text: str, entities: dict[str, str] | None = None) -> AnalyzedArticle:
    return Geocode(GAZ_2017)(analyzed(text, entities))


def test_two_word_town_spacy_calls_a_person_is_a_place_after_a_cue_or_a_verb_of_capture() -> None:
    cued = geocoded_2017("Dozens died in the town of Khan Shaykhun in Syria.", {"Khan Shaykhun": "PERSON"})
    assert ("Khan Shaykhun", "city", 168325) in found(cued)
    captured = geocoded_2017(
        "The army said it had captured Albu Kamal, the last town.", {"Albu Kamal": "PERSON"}
    )
    assert ("Albu Kamal", "city", 174448) in found(captured)
    # Without such words the person reading stands.
    said = geocoded_2017("Albu Kamal said the talks would resume.", {"Albu Kamal": "PERSON"})
    assert [f for f in found(said) if f[0] == "Albu Kamal"] == []


def test_a_single_doubtful_word_after_towards_or_captured_is_a_place() -> None:
    text = "Fighters fled from al-Qaim towards Rawa. Iraqi forces later captured Rawa."
    doc = geocoded_2017(text, {"Rawa": "ORG"})
    assert [f for f in found(doc) if f[0] == "Rawa"] == [("Rawa", "city", 92004)] * 2


def test_a_spelling_of_the_main_name_is_not_a_renaming() -> None:
    # "Rawa" is GeoNames' main name of an Indonesian hamlet and an alternate spelling of Rāwah; alone, the
    # populous town wins (an alternate that is a real other name, like "Berea" for Aleppo, would yield).
    candidates = (Candidate(RAWAH, primary=False), Candidate(RAWA_ID, primary=True))
    assert rank_mentions([Mention(Span(0, 4), candidates)], "Rawa")[0].place == RAWAH


def test_a_folded_match_in_a_far_foreign_country_is_left_unresolved() -> None:
    text = "The attack hit the Ghouta region near Damascus in Syria."
    doc = geocoded_2017(text)
    assert ("Ghouta", None, None) in found(doc)
    assert ("Damascus", "city", 170654) in found(doc)
    # With no exactly matched town or region in the article there is no story to contradict the folding.
    alone = geocoded_2017("They came from Ghouta.")
    assert ("Ghouta", "city", 2918752) in found(alone)


def test_a_folded_match_near_the_story_stays() -> None:
    near = place("Qaim Town", 1, "city", "SY", 34.4, 41.0, 5_000)
    mentions = [
        Mention(Span(0, 6), (Candidate(MOSUL),)),
        Mention(Span(11, 15), (Candidate(near, loose=True),)),
    ]
    assert rank_mentions(mentions, "Mosul and Kaim")[1].place == near


def test_the_old_city_is_part_of_the_town_of_the_story() -> None:
    text = "Iraqi forces fought in Mosul for months. Fighters held out in the Old City by the river."
    doc = geocoded_2017(text, {"the Old City": "LOC"})
    old = [t for t in doc.toponyms if t.span.of(text) == "Old City"]
    assert len(old) == 1 and old[0].place is not None
    assert old[0].place.feature == "named-place" and old[0].place.parent == 99072


def test_an_adjective_before_a_noun_is_not_a_place() -> None:
    text = "The group wrecked the facade of the Roman theatre in Palmyra, Syria."
    doc = geocoded_2017(text, {"Roman": "NORP"})
    assert "Roman" not in [f[0] for f in found(doc)]


def test_lower_case_facility_words_make_named_places_but_nationalities_do_not() -> None:
    text = "Missiles hit the Shayrat air base south-east of Homs. Another Syrian air base was spared."
    doc = geocoded_2017(text)
    named = {t.span.of(text): t.place for t in doc.toponyms if t.place and t.place.feature == "named-place"}
    assert set(named) == {"Shayrat air base"}
    assert named["Shayrat air base"].parent == 169577
    airport = geocoded_2017("Troops held Homs. The airport remained surrounded.")
    assert [f for f in found(airport) if f[1] == "named-place"] == []


# --------------------------------------------------------------------------- sentences the model did not read


def skipped_everywhere(text: str) -> AnalyzedArticle:
    doc = analyzed(text)
    return replace(doc, ner_skipped=tuple(s.span for s in doc.sentences))


def test_an_unread_sentence_keeps_countries_and_large_towns() -> None:
    doc = Geocode(GAZ)(skipped_everywhere("Hamidiyah residents fled to Syria and Beirut."))
    assert [name for name, _, _ in found(doc)] == ["Syria", "Beirut"]


def test_an_unread_small_town_needs_evidence_or_a_read_mention() -> None:
    with_evidence = Geocode(GAZ)(skipped_everywhere("Residents fled. Shells fell in Hamidiyah."))
    assert [name for name, _, _ in found(with_evidence)] == ["Hamidiyah"]
    text = "Hamidiyah was shelled.\nHamidiyah residents fled."
    doc = analyzed(text)
    read_first = Geocode(GAZ)(replace(doc, ner_skipped=(doc.sentences[1].span,)))
    assert [name for name, _, _ in found(read_first)] == ["Hamidiyah", "Hamidiyah"]
