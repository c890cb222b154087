"""Clean: each furniture rule on hand-built lines, content kept, offsets preserved, idempotence, seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.data.boilerplate import LineRule
from dateline.model import AnalyzedArticle
from dateline.stages.clean import Clean, clean_text
from dateline.stages.ingest import article_from_text

LEAD = "Government forces retook the town on Tuesday after weeks of fighting, a monitor said."
BODY = "The army said engineers were clearing mines and residents would return within days."
LAST = "The town has changed hands twice since the war began, officials said."


def removed_rules(text: str, *, outlet: str | None = None) -> dict[str, str]:
    """Removed stretch -> rule name."""
    result = clean_text(text, outlet=outlet)
    return {r.span.of(text): r.rule for r in result.removed}


def story(*furniture: str) -> str:
    return "\n\n".join(["Army retakes town", LEAD, *furniture, BODY, LAST])


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Soldiers walk past a damaged hospital in the old city. Credit: AP", "caption-credit"),
        ("Fighters on a pick-up truck near the front line. Credit: SANA/AP", "caption-credit"),
        ("FILE PHOTO: A road sign is pictured on the highway, May 19, 2015.", "file-photo"),
        ("A road sign near the city, May 19, 2015. REUTERS/Photographer/File Photo |", "agency-photo-credit"),
        ("Image for representational purpose only.", "image-note"),
        ("Residents leave the city. (Photo: AFP)", "photo-credit-parenthesis"),
        ("Related Stories", "related-heading"),
        ("READ MORE: Army pushes east along the river", "read-more-link"),
        ("No stories found.", "empty-widget"),
        ("Join our Telegram channel and get the latest breaking news delivered to you.", "social-follow"),
        ("Follow us on Twitter and Facebook", "social-follow"),
        ("Subscribe", "subscribe"),
        ("Sign up for our daily newsletter", "subscribe"),
        ("Share this article", "share-toolbar"),
        ("Facebook Twitter WhatsApp Email", "share-toolbar"),
        ("1. Channel Report", "report-label"),
        ("– Video report by our International Affairs Editor", "video-credit"),
        ("AGENCE FRANCE PRESSE", "agency-signoff"),
        ("REUTERS", "agency-signoff"),
        ("(Reporting by A. Reporter; Editing by B. Editor)", "reporting-credits"),
        ("Advertisement", "advertisement"),
        ("© 2017 Example Media Ltd. All rights reserved.", "image-credit-line"),
        ("Published: March 3, 2017 10:32 AM", "timestamp-line"),
        ("2017-03-03T08:57:45+03:00", "bare-timestamp"),
        ("A. Reporter contributed reporting from Beirut.", "contributed-reporting"),
        ("Write to A. Reporter at a.reporter@example.com", "contact-author"),
        ("Thanks for signing up!", "form-message"),
        ("Tell us what YOU think...", "comment-prompt"),
        ("SOURCE: News agencies", "source-line"),
        ("This copy is for your personal, non-commercial use only.", "personal-use-notice"),
        ("You may also like...", "related-heading"),
        ("Popular on Example Site", "related-heading"),
        ("Also on example.com Militants threaten new attacks", "read-more-link"),
        ("- Print Article", "share-toolbar"),
        (
            "A version of this article appeared in the print edition of The Daily on March 04, 2017, "
            "with the headline Army retakes town. Subscribe",
            "print-edition",
        ),
    ],
)
def test_furniture_line_is_removed_by_its_rule(line: str, rule: str) -> None:
    text = story(line)
    assert removed_rules(text) == {line.strip(): rule}


@pytest.mark.parametrize(
    "line",
    [
        "Officials said the photo: a fake, circulated widely online, was taken years ago.",
        "The figures come from one source: the ministry.",
        "Copyright law was changed in 2017 after a long debate in parliament.",
        "Join the talks, the envoy urged, or face more sanctions.",
        "Subscribers to the state channel were told the offensive would continue for weeks.",
        "Reuters could not independently verify the report, which came from a monitor.",
        "The agency said the figure was published on Monday after a review.",
        "Written by a senior aide, the memo was marked top secret.",
        "Contact with the besieged garrison was lost on Monday, the army said.",
        "Call 02-751-1500",
        "Thank you, the envoy told the council before the vote.",
        "Follow-up talks are planned in Geneva, where both delegations have offices.",
    ],
)
def test_content_that_mentions_furniture_words_is_kept(line: str) -> None:
    assert removed_rules(story(line)) == {}


def test_headline_bullets_at_the_top_are_removed() -> None:
    bullets = [
        "- Militia agrees to hand villages to the government",
        "- Opposition to announce delegates for peace talks",
        "- New alliance vows to step up attacks against army",
    ]
    text = "\n".join(["Army retakes town", *bullets, LEAD, BODY])
    assert removed_rules(text) == dict.fromkeys(bullets, "headline-bullets")


def test_bullets_inside_the_article_are_content() -> None:
    bullets = ["- Residents may return from Monday", "- Schools will reopen after the mines are cleared"]
    text = "\n".join(["Army retakes town", LEAD, *bullets, BODY])
    assert removed_rules(text) == {}


def test_bullets_that_are_sentences_are_content() -> None:
    bullets = ["- The army entered the town at dawn.", "- The militants withdrew to the east."]
    text = "\n".join(["Army retakes town", *bullets, LEAD])
    assert removed_rules(text) == {}


def test_caption_printed_twice_is_removed_once_and_far_repeats_are_kept() -> None:
    caption = "Smoke rises over the eastern districts of the city"
    text = "\n".join(["Army retakes town", caption, caption, LEAD, BODY, "Schools will reopen soon", LAST])
    text += "\nSchools will reopen soon\n" + BODY
    removed = clean_text(text).removed
    assert [(r.rule, r.span.of(text)) for r in removed] == [("duplicate-line", caption)]


def test_footer_block_with_site_name_and_url() -> None:
    text = (
        story()
        + "\n\nRelated Stories\n\nNo stories found.\n\nX\nThe Example Express\nwww.example-express.com"
    )
    assert removed_rules(text) == {
        "Related Stories": "related-heading",
        "No stories found.": "empty-widget",
        "X": "close-mark",
        "The Example Express": "footer-line",
        "www.example-express.com": "bare-url",
    }


def test_short_last_line_without_furniture_is_kept() -> None:
    text = story() + "\n\nThe Example Express"
    assert removed_rules(text) == {}


def test_outlet_name_line_is_removed_when_the_outlet_is_known() -> None:
    text = story("The Example Express")
    assert removed_rules(text, outlet="The Example Express") == {"The Example Express": "outlet-name"}


def test_url_inside_the_body_is_kept() -> None:
    assert removed_rules(story("https://example.com/report.pdf")) == {}


def test_headline_survives_when_only_furniture_follows() -> None:
    text = "Army retakes town\nSubscribe\nwww.example.com"
    kept = clean_text(text).clean_text
    assert "Army retakes town" in kept and "Subscribe" not in kept


def test_date_header_token_is_blanked_and_subtitle_kept() -> None:
    text = " date 2017-11-03 Agency says troops captured three districts.\n\n" + LEAD
    result = clean_text(text)
    assert [(r.rule, r.span.of(text)) for r in result.removed] == [("date-header", "date 2017-11-03")]
    assert "Agency says troops captured three districts." in result.clean_text


def test_extra_rules_for_a_site() -> None:
    rule = LineRule("site-promo", re.compile(r"get the example app.*", re.IGNORECASE), 12, "a site's promo")
    article = article_from_text(story("Get the Example app today"), source="x")
    doc = Clean(extra_rules=[rule])(AnalyzedArticle(article=article))
    assert [r.rule for r in doc.removed] == ["site-promo"]


def test_stage_contract_and_offsets() -> None:
    article = article_from_text(story("Subscribe", "Share this article"), source="x")
    doc = Clean()(AnalyzedArticle(article=article))
    assert len(doc.clean_text) == len(article.text)
    assert doc.clean_text.count("\n") == article.text.count("\n")
    assert LEAD in doc.clean_text and "Subscribe" not in doc.clean_text
    assert {r.rule for r in doc.removed} == {"subscribe", "share-toolbar"}
    assert Clean.requires == frozenset({"article"})
    assert Clean.assigns == frozenset({"clean_text", "removed"})


# --------------------------------------------------------------------------- properties

_LINES = st.sampled_from(
    [
        LEAD,
        BODY,
        "Army retakes town",
        "Subscribe",
        "X",
        "The Example Express",
        "www.example.com",
        "- Militia agrees to hand villages to the government",
        "- The militants withdrew to the east.",
        "Soldiers near the front. Credit: AP",
        "Related Stories",
        "",
        "   ",
        " date 2017-11-03 Subtitle here",
        "AFP",
    ]
)
_TEXTS = st.one_of(
    st.lists(_LINES, max_size=14).map("\n".join),
    st.text(max_size=300),
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_offsets_are_preserved(text: str) -> None:
    result = clean_text(text)
    assert len(result.clean_text) == len(text)
    assert [i for i, c in enumerate(result.clean_text) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    for removal in result.removed:
        assert 0 <= removal.span.start <= removal.span.end <= len(text)
        assert result.clean_text[removal.span.start : removal.span.end].strip() == ""
    kept = [i for i, c in enumerate(text) if c != result.clean_text[i]]
    assert all(any(r.span.start <= i < r.span.end for r in result.removed) for i in kept)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text).clean_text
    again = clean_text(once)
    assert again.clean_text == once
    assert again.removed == ()


# --------------------------------------------------------------------------- the seed articles

# Markers of the furniture in the five seeds (facts about them, not their text): every line holding one must
# go, every other line must stay whole.
SEED_FURNITURE = (
    "ITV Report",
    "Video report by",
    "Credit: ",
    "Image for representational purpose only",
    "Related Stories",
    "No stories found",
    "newindianexpress.com",
    "The New Indian Express",
    "FILE PHOTO",
    "AGENCE FRANCE PRESSE",
    "Telegram channel",
    "print edition",
)


def _is_seed_furniture(line: str) -> bool:
    stripped = line.strip()
    headline_bullet = stripped.startswith("- ")
    return headline_bullet or stripped == "X" or any(marker in line for marker in SEED_FURNITURE)


@pytest.mark.shared
def test_seeds_lose_all_furniture_and_no_content(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        text = article_from_text(path.read_text(encoding="utf-8"), source=str(path)).text
        cleaned = clean_text(text).clean_text
        for raw, kept in zip(text.split("\n"), cleaned.split("\n"), strict=True):
            if not raw.strip():
                continue
            if _is_seed_furniture(raw):
                assert not kept.strip(), f"{path.name}: furniture kept: {raw!r}"
            elif raw.lstrip().startswith("date "):
                assert not kept.lstrip().startswith("date ") and kept.strip(), f"{path.name}: header"
            else:
                assert kept == raw, f"{path.name}: content lost: {raw!r}"
