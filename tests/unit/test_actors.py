"""The actor registry: aliases, context aliases, the demonym rule, generic groups, bare countries."""

from __future__ import annotations

import pytest

from dateline.model import ActorKind
from dateline.stages.actors import normalise_phrase, resolve_actor


@pytest.mark.parametrize(
    "text",
    [
        "ISIL",
        "ISIS",
        "IS",
        "Islamic State",
        "Daesh",
        "the Islamic State of Iraq and the Levant (ISIL) group",
        "the Daesh terrorist organisation",
        "IS fighters",
    ],
)
def test_islamic_state_aliases(text: str) -> None:
    actor = resolve_actor(text)
    assert actor is not None and actor.id == "islamic-state"
    assert actor.kind is ActorKind.REBEL


def test_short_alias_needs_capitals() -> None:
    assert resolve_actor("is") is None  # the verb, not Islamic State


def test_context_aliases_only_in_context() -> None:
    assert resolve_actor("the jihadists", context_country="SY").id == "islamic-state"  # type: ignore[union-attr]
    jihadists_elsewhere = resolve_actor("the jihadists", context_country="NG")
    assert jihadists_elsewhere is None or jihadists_elsewhere.id != "islamic-state"
    assert resolve_actor("army units", context_country="SY").id == "syria-government-forces"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "regime forces",
        "Syria regime forces",
        "Syrian army",
        "Syrian troops",
        "Syrian Government troops",
        "Assad's forces",
        "the forces of Syria's President Bashar al-Assad",
        "government forces",
    ],
)
def test_syrian_government_forces(text: str) -> None:
    actor = resolve_actor(text, context_country="SY")
    assert actor is not None and actor.id == "syria-government-forces"
    assert actor.kind is ActorKind.STATE and actor.country == "SY"


@pytest.mark.parametrize("text", ["Russian forces", "Russian jets", "Russian air raids", "Russian troops"])
def test_russian_military(text: str) -> None:
    actor = resolve_actor(text)
    assert actor is not None and actor.country == "RU" and actor.kind is ActorKind.STATE


def test_demonym_rule_is_not_syria_only() -> None:
    iraqi = resolve_actor("Iraqi forces")
    nigerian = resolve_actor("Nigerian troops")
    assert iraqi is not None and iraqi.country == "IQ" and iraqi.kind is ActorKind.STATE
    assert nigerian is not None and nigerian.id == "nigeria-military-forces"


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("the Syrian Democratic Forces (SDF)", "sdf"),
        ("a US-led international coalition", "us-led-coalition"),
        ("Hezbollah", "hezbollah"),
        ("Iranian-backed militia", "iran-backed-militia"),
        ("Turkish forces", "turkey-military-forces"),
        ("the Free Syrian Army", "free-syrian-army"),
    ],
)
def test_registry_entries(text: str, actor_id: str) -> None:
    actor = resolve_actor(text)
    assert actor is not None and actor.id == actor_id


def test_generic_groups_take_the_country() -> None:
    civilians = resolve_actor("civilians", context_country="SY")
    police = resolve_actor("Egyptian police")
    protesters = resolve_actor("protesters", context_country="FR")
    assert civilians is not None and civilians.kind is ActorKind.CIVILIANS and civilians.country == "SY"
    assert police is not None and police.kind is ActorKind.STATE and police.country == "EG"
    assert protesters is not None and protesters.kind is ActorKind.PROTESTERS


def test_sponsor_does_not_qualify_the_group() -> None:
    fighters = resolve_actor("US-supported fighters", context_country="SY")
    assert fighters is not None and fighters.country == "SY"


def test_bare_country_is_its_government() -> None:
    turkey = resolve_actor("Turkey")
    assert turkey is not None and turkey.id == "turkey-government" and turkey.country == "TR"


def test_unknown_phrase() -> None:
    assert resolve_actor("the weather") is None
    assert resolve_actor("") is None


def test_normalise_phrase() -> None:
    assert normalise_phrase("The US-led coalition’s jets") == "us led coalition's jets"
