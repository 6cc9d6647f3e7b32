"""The boilerplate family: strip-captions, strip-promos, strip-credits and the
opt-in strip-bylines, strip-datelines, strip-subheads."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Pipeline
from cleantext.errors import ConfigError
from cleantext.passes.boilerplate import (
    StripBylines,
    StripCaptions,
    StripCredits,
    StripDatelines,
    StripPromos,
    StripSubheads,
)
from cleantext.registry import make_pass
from cleantext.testing import assert_idempotent

ROOT = Path(__file__).resolve().parents[2]
NEGATIVE = [
    line
    for line in (ROOT / "tests" / "data" / "boilerplate-negative.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
DEFAULT = ("strip-captions", "strip-promos", "strip-credits")
_DEFAULT_PIPELINE = Pipeline(DEFAULT)  # built once for the property tests
PROSE = "The minister said the talks would resume on Monday."
MORE = "Markets in Asia were mixed after the announcement."


def removed(p: object, line: str) -> bool:
    """Whether the pass removes ``line`` standing before a paragraph (first,
    so that a credit line has no caption above it to take along)."""
    text = f"{line}\n{MORE}\n"
    out = p(text)  # type: ignore[operator]
    if out == f"{MORE}\n":
        return True
    assert out == text, f"unexpected output {out!r}"
    return False


class TestStripPromos:
    @pytest.mark.parametrize(
        "line",
        [
            "Advertisement",
            "ADVERTISEMENT",
            "Advert",
            "(Do not miss: How Ukrainian troops interacted with Russians)",
            "(Also read: The week in pictures)",
            "[Related: Salesforce Dreamforce Keynote: AI, Integration]",
            "READ MORE: China plague outbreak confirmed",
            "Read more: Alibaba poised to launch record-breaking listing",
            "SEE MORE: Hong Kong protests: 800 students under siege",
            "Related: The 15 Weirdest Galaxies in Our Universe",
            "Related articles",
            "Related",
            "More:",
            "Subscribe",
            "SUBSCRIBE",
            "Share",
            "Comments",
            "comments",
            "Sign up for our newsletter",
            "Sign up for our daily briefing",
            "Sign up for email alerts",
            "Start your day with the Opening Bell. Sign up for the free daily newsletter.",
            "Subscribe to 9to5Mac on YouTube for more Apple news:",
            "Follow us on Twitter",
            "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
            "Follow AP's full coverage of Brexit at https://www.apnews.com/Brexit",
            "CLICK HERE TO GET THE FOX NEWS APP",
            "Click here to subscribe to The Paradigm Newsletter",
            "Continue reading the main story",
            "Scroll down for video",
            "Media playback is unsupported on your device",
            "Image 1 of 5",
            "1 / 23",
            "Back to Gallery",
            "More Great WIRED Stories",
            "You may also like...",
            "DON'T MISS",
            "VIDEO",
            "Like this:",
            "Like Loading...",
            "Sharing is caring!",
            "Also on rt.com Journalists threatened with sedition arrests",
            "This website uses cookies to improve your experience. Accept Read More",
            "Publicidade",
            "Leia também: O calendário da temporada",
            "Tempo de leitura: 2 minutos",
            "Publicidad",
            "Lee también: Las claves del acuerdo",
            "Publicité",
            "À lire aussi : la réforme des retraites",
            "Anzeige",
            "Lesen Sie auch: Die Bilanz des Jahres",
        ],
    )
    def test_removes(self, line: str) -> None:
        assert removed(StripPromos(), line)

    @pytest.mark.parametrize("line", NEGATIVE)
    def test_keeps_negative_corpus(self, line: str) -> None:
        assert not removed(StripPromos(), line)

    def test_reason_names_the_line(self) -> None:
        _, changes = StripPromos().apply(f"{PROSE}\nAdvertisement\n")
        assert [(c.kind, c.line, c.reason) for c in changes] == [("line-removed", 2, "promo line 'Advertisement'")]

    def test_languages_option(self) -> None:
        assert removed(StripPromos(), "Publicidade")
        assert not removed(StripPromos(languages=("en",)), "Publicidade")
        assert removed(StripPromos(languages=("en",)), "Advertisement")

    def test_unknown_language_is_a_config_error(self) -> None:
        with pytest.raises(ConfigError, match="strip-promos.*languages.*'xx'"):
            StripPromos(languages=("en", "xx"))

    def test_long_lines_are_not_checked(self) -> None:
        line = "Read more: " + "word " * 60
        assert removed(StripPromos(), line)
        assert not removed(StripPromos(max_line_chars=200), line)

    def test_blank_line_left_by_a_removed_paragraph_goes_too(self) -> None:
        assert StripPromos()(f"{PROSE}\n\nAdvertisement\n\n{MORE}\n") == f"{PROSE}\n\n{MORE}\n"

    @pytest.mark.parametrize(
        "line",
        [
            "Auch lesen: Die Bahn erhöht die Preise",
            "Schon gelesen? Die zehn besten Wanderwege",
            "MIRA: Las fotos del partido",
            "Dowiedz się więcej: Nowe przepisy od stycznia",
            "Leggi anche: Il governo approva la manovra",
            "Leia também: O novo ministro toma posse",
            "Lire aussi : La réforme des retraites",
            "Twitter: @janedoe",
            "Gefällt mir:",
            "Rate This: 0 0",
            "Updated an hour ago",
            "© 2019 CBS Interactive Inc. All Rights Reserved.",
            "Copyright 2019 The Associated Press. All rights reserved.",
            "Alle Rechte vorbehalten.",
        ],
    )
    def test_removes_lines_in_other_languages(self, line: str) -> None:
        assert removed(StripPromos(), line)

    @pytest.mark.parametrize(
        "line",
        [
            "Copyright cases rose sharply in 2019, the court said.",
            "Twitter: the company said it would review the policy on Monday after a week of criticism from users.",
            "Mira cómo cambia la ciudad en invierno.",
            "Updated figures are due in May.",
        ],
    )
    def test_keeps_prose_that_shares_a_word(self, line: str) -> None:
        assert not removed(StripPromos(), line)

    @pytest.mark.parametrize(
        "line",
        [
            "GET FOX BUSINESS ON THE GO BY CLICKING HERE",
            "Get Country Life delivered through your letterbox every month. 12 issues for £11.99.",
            "You should like Gizmodo on Facebook here.",
            "Download the BBC News app for the latest updates.",
            "Laden Sie die App herunter",
            "As you comment, please be respectful and stay on topic.",
            "Sponsored by Acme",
        ],
    )
    def test_removes_pitches_written_as_sentences(self, line: str) -> None:
        assert removed(StripPromos(), line)

    @pytest.mark.parametrize(
        "line",
        [
            "Get the app store to approve it, he said.",
            "Download speeds rose 20% last year.",
            "You can follow the hearing on YouTube, the court said.",
            "Sponsored by the city, the fair drew 10,000 people.",
            "12 issues of the magazine sold out.",
            "Install the app and log in with your bank details, the police warned.",
        ],
    )
    def test_keeps_sentences_about_apps_and_sponsors(self, line: str) -> None:
        assert not removed(StripPromos(), line)

    @pytest.mark.parametrize("heading", ["## Search", "## Tags", "# Related articles", "### Share"])
    def test_markdown_headings_stay(self, heading: str) -> None:
        text = f"{heading}\n\n{MORE}\n"
        assert StripPromos()(text) == text

    def test_tags_field_of_a_structured_document_stays(self) -> None:
        recipe = "Title: Lemon cake\nServings: 8\nTags: sample\nPrep time: 20 minutes\n\nMix the flour and sugar.\n"
        assert StripPromos()(recipe) == recipe

    def test_tags_line_under_an_article_goes(self) -> None:
        assert StripPromos()(f"{PROSE}\nTags: Brexit, EU, Johnson\n") == f"{PROSE}\n"


class TestStripCaptions:
    @pytest.mark.parametrize(
        "line",
        [
            "Photo: Damian Dovarganes, AP",
            "Photo: David Zalubowski, STF / Associated Press",
            "Photo by David Dyer-Bennet",
            "Sakib Ali/Hindustan Times/Getty Images",
            "REUTERS/Brendan McDermid",
            "Getty Images",
            "Getty",
            "Image copyright Getty Images",
            "Image caption Scooter Braun has managed Justin Bieber throughout his career",
            "Media caption Who is Julian Assange?",
            "(Image credit: Blue Origin)",
            "Image Credit: WeWork",
            "Credit: The Siberian Times",
            "Courtesy Google",
            "File photo",
            "Image: Jose Mourinho, left, has replaced Mauricio Pochettino as manager of Tottenham",
            "Above: A WeWork coworking space in San Francisco.",
            "FILE PHOTO: Traders work on the floor at the NYSE in New York, U.S., November 18, 2019. REUTERS/Brendan McDermid",
            "In this Sunday, Nov. 10, 2019, photograph, a long row of unsold vehicles sits at a dealership.",
            "In this file photo taken on March 3, a man walks past the bank.",
            "New York Islanders' Brock Nelson puts the game-winning goal behind Matt Murray. (AP Photo/Gene J. Puskar)",
            "Scooter Braun and Scott Borchetta pose for a photo. (Photo by Kevin Mazur/Getty Images for Ithaca Holdings)",
            "House Intelligence Committee chairman Adam Schiff speaks to reporters. (Joshua Roberts/Reuters)",
            "Roughly 13,000 US troops remain in Afghanistan [File: Reuters]",
            "Zelenskiy welcomed Johnson in Kyiv on February 1, 2022. Ukrainian Presidential News Service / Handout via REUTERS",
            "Putin speaks in Moscow, Russia on February 1, 2022. Yuri Kochetkov / Lake by REUTERS",
            "Members of the forces attend a training event, pictured on February 1, 2022.",
            "Members of the forces attend a training event, pictured on February 1, 2022. Image copyright Getty Images",
            "A crowd in Madrid, pictured on February 1, 2022. Photo: Damian Dovarganes, AP",
            "The latest case was reported after a hunter ate a rabbit Credit: Getty - Contributor",
            "Trump asked voters for a big win. He didn’t get it.Credit...Doug Mills/The New York Times",
            "The road to retiring early isn't easy. Kathrin Ziegler/Getty",
            "The WeWork logo is displayed outside of a co-working space in New York. Reuters",
            "Rep. Ilhan Omar speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file",
            "Home Depot stock fell after the report. Photograph by Robyn Beck/AFP/Getty Images",
            "© John Brecher Needle poking skin during a flu shot in Washington.",
        ],
    )
    def test_removes(self, line: str) -> None:
        assert removed(StripCaptions(lone_credits=True), line)

    @pytest.mark.parametrize("line", NEGATIVE)
    def test_keeps_negative_corpus(self, line: str) -> None:
        assert not removed(StripCaptions(), line)

    def test_a_credit_line_takes_the_caption_above_it(self) -> None:
        text = f"{PROSE}\n\nBurning crop stubble is sending smoke into the city.\n\nSakib Ali/Hindustan Times/Getty Images\n\n{MORE}\n"
        out, changes = StripCaptions().apply(text)
        assert out == f"{PROSE}\n\n{MORE}\n"
        reasons = [c.reason for c in changes if c.before.strip()]
        assert reasons == [
            "photo caption (a credit follows it and it reads as a caption)",
            "photo credit (name and agency)",
        ]

    def test_caption_widget_crumbs(self) -> None:
        caption = "Defense Secretary Mark Esper shakes hands with Ngo Xuan Lich in Hanoi."
        text = f"{PROSE}\n{caption}\nless\n{caption[:40]}\n... more\nPhoto: Hau Dinh, AP\n{MORE}\n"
        assert StripCaptions()(text) == f"{PROSE}\n{MORE}\n"

    def test_context_option(self) -> None:
        text = f"{PROSE}\nA crowd in Madrid.\nPhoto: Jane Doe, AP\n{MORE}\n"
        assert StripCaptions(context=False)(text) == f"{PROSE}\nA crowd in Madrid.\n{MORE}\n"

    def test_a_long_paragraph_above_a_credit_stays(self) -> None:
        paragraph = " ".join([PROSE] * 8)
        text = f"{paragraph}\nJason Cipriani/ZDNet\n{MORE}\n"
        assert StripCaptions()(text) == text

    def test_a_labelled_bbc_credit_does_not_take_the_paragraph_above(self) -> None:
        text = f"{PROSE}\nImage copyright EPA\nImage caption Eva-Marie Persson spoke on Tuesday\n{MORE}\n"
        assert StripCaptions()(text) == f"{PROSE}\n{MORE}\n"

    def test_a_line_ending_in_a_colon_is_not_a_caption(self) -> None:
        text = f"He listed the sources:\nGetty Images\n{MORE}\n"
        assert StripCaptions()(text) == f"He listed the sources:\n{MORE}\n"

    @pytest.mark.parametrize(
        "paragraph",
        [
            # reported speech, several sentences, a quotation, a modal, a wire sign-off
            "The minister said on Monday that the plant would close next year.",
            "The plant closed in March. Its 300 workers were moved to other sites.",
            "“We will rebuild,” the mayor told reporters outside the town hall.",
            "The company could still appeal against the ruling in the higher court.",
            "Die Regierung will das Gesetz im Herbst beschließen. (dpa)",
            "Der Kanzler sagte am Montag in Berlin, die Gespräche gingen weiter.",
            "Le ministre a déclaré que l'usine fermerait l'an prochain.",
            "El presidente dijo que el acuerdo se firmaría en marzo.",
        ],
    )
    @pytest.mark.parametrize("credit", ["Foto: Max Muster", "© Foto: Skoda", "Photo Credit: John Doe", "Bild: dpa"])
    def test_a_credit_under_a_body_paragraph_takes_only_itself(self, paragraph: str, credit: str) -> None:
        """Sites print a credit under a picture with no caption, right after a
        body paragraph: the credit goes, the paragraph stays."""
        text = f"{PROSE}\n\n{paragraph}\n\n{credit}\n\n{MORE}\n"
        assert StripCaptions(lone_credits=True)(text) == f"{PROSE}\n\n{paragraph}\n\n{MORE}\n"

    @pytest.mark.parametrize(
        "caption",
        [
            "Former Gov. Jane Doe, left, speaks with a voter during a campaign stop, Tuesday, Nov. 19, 2019, in Columbia, S.C.",
            "Writers John M. Doe and Jane Roe in 2002.",
            "Defense Secretary John Doe, left, shakes hands with his host in Hanoi, Wednesday, Nov. 20, 2019. Doe is on a tour of Asia.",
        ],
    )
    def test_abbreviations_and_dated_ap_captions_still_read_as_captions(self, caption: str) -> None:
        text = f"{PROSE}\n{caption}\nPhoto: Jane Doe, AP\n{MORE}\n"
        assert StripCaptions()(text) == f"{PROSE}\n{MORE}\n"

    @pytest.mark.parametrize("heading", ["The Senate of Canada", "A Parade Of Penguins", "East of Federal Highway"])
    def test_a_title_case_heading_above_a_credit_stays(self, heading: str) -> None:
        text = f"{PROSE}\n{heading}\nPhoto: Jane Doe\n{MORE}\n"
        assert StripCaptions(lone_credits=True)(text) == f"{PROSE}\n{heading}\n{MORE}\n"

    @pytest.mark.parametrize(
        ("paragraph", "credit"),
        [
            # a negation, a modal, an obligation, a condition: running text
            ("Acme did not immediately answer a request for comment.", "Photo credit: Jane Roe/Flickr"),
            ("The next phone may get a much larger screen.", "(Credit: Acme)"),
            ("Somebody has to lose.", "John Roe/Getty Images"),
            ("If the vote fails again, there is the court, of all places, waiting for the appeal.", "Jane Doe/AFP"),
            # a shop's line and a call to an address: not what a picture shows
            ("Sold at example-shop.com, $30-$90.", "Photo: Courtesy of Example Shop"),
            ("Get the field guide at www.example.org.", "Photo: Jane Roe for Example"),
            # a byline of a blog post
            ("By Jane Q. Roe, Notes from the Garden", "(Photo credit: Wikipedia)"),
            ("Written by A Guest in Writing Tips", "(Photo credit: Wikipedia)"),
        ],
    )
    def test_running_text_above_a_credit_is_not_a_caption(self, paragraph: str, credit: str) -> None:
        text = f"{PROSE}\n{paragraph}\n{credit}\n{MORE}\n"
        assert StripCaptions(lone_credits=True)(text) == f"{PROSE}\n{paragraph}\n{MORE}\n"

    @pytest.mark.parametrize(
        "heading",
        ["Office of Trade and Economic Development", "Permanent Mission of Norway to the Council in Vienna"],
    )
    def test_a_title_with_small_words_above_a_name_and_role_stays(self, heading: str) -> None:
        """A list of members: "Name / Role" under an office's name is not a
        caption and its credit."""
        text = f"{PROSE}\n{heading}\nMr. John Roe / Advisory Board Member\n{MORE}\n"
        assert StripCaptions()(text) == text

    def test_a_name_and_outlet_credit_needs_a_caption_sentence(self) -> None:
        """Weak evidence on both sides stays: a line without a full stop above
        a line that is only a name and an outlet."""
        text = f"{PROSE}\nDaily exercise for lower back pain\nAdvanced PT/OT\n{MORE}\n"
        assert StripCaptions()(text) == text

    @pytest.mark.parametrize("line", ["Two Bedrooms / Two Baths / Pool", "Garden / Garage / Pool", "Handout"])
    def test_a_common_word_is_not_an_agency_alone(self, line: str) -> None:
        assert not removed(StripCaptions(), line)

    @pytest.mark.parametrize("line", ["POOL/AFP", "Jane Doe/Pool/Getty Images", "Handout via REUTERS"])
    def test_a_common_word_beside_an_agency_is_a_credit(self, line: str) -> None:
        assert removed(StripCaptions(), line)

    @pytest.mark.parametrize(
        "line",
        [
            "Regional Accounts Payable (AP)",
            "Funding from the European Space Agency (ESA)",
            "The Press Association (PA)",
        ],
    )
    def test_an_abbreviation_after_its_words_is_not_a_credit(self, line: str) -> None:
        assert not removed(StripCaptions(), line)

    def test_an_agency_after_a_caption_is_still_a_credit(self) -> None:
        assert removed(StripCaptions(), "WikiLeaks founder Julian Assange (AFP)")

    def test_a_name_and_outlet_credit_looks_past_a_promo_line(self) -> None:
        """The news preset stays idempotent when strip-promos removes the line
        between a caption and a credit that needs one."""
        caption = "Apple's new iPad Pro on a table in the review lab."
        text = f"{caption}\nREAD MORE: Markets fall\nJason Cipriani/ZDNet\n{MORE}\n"
        once = Pipeline.from_preset("news")(text)
        assert once == f"{MORE}\n"
        assert Pipeline.from_preset("news")(once) == once

    def test_caption_widget_crumbs_go_on_their_own(self) -> None:
        text = f"{PROSE}\nREAD MORE: Markets fall\nless\n{MORE}\n"
        once = Pipeline.from_preset("news")(text)
        assert once == f"{PROSE}\n{MORE}\n"

    def test_a_caption_above_a_credit_label_in_another_language_goes(self) -> None:
        text = f"{PROSE}\nDer Trainer am Spielfeldrand in München.\nBild: AFP/SID\n{MORE}\n"
        assert StripCaptions()(text) == f"{PROSE}\n{MORE}\n"

    @pytest.mark.parametrize(
        "paragraph",
        [
            "Die Regierung will das Gesetz im Herbst beschließen. (dpa)",
            "Die Regierung will das Gesetz im Herbst beschließen. (dpa/AFP)",
            "The government will present the bill in the autumn. (AFP)",
        ],
    )
    def test_a_wire_sign_off_ends_a_paragraph_and_is_not_a_credit(self, paragraph: str) -> None:
        assert not removed(StripCaptions(), paragraph)

    @pytest.mark.parametrize(
        "line",
        [
            "Bild: AFP/SID",
            "© AFP / Jane Doe",
            "Titelbild: Max Muster",
            "Copyright: Jane Doe",
            "| Jane Doe | Bloomberg | Getty Images",
            "fot. PAP/Leszek Nowak",
            "Foto: picture alliance/dpa",
            "Crédit photo: Jean Dupont",
            "Fotografía: Europa Press",
            "Imagem: Divulgação",
        ],
    )
    def test_credits_in_other_languages(self, line: str) -> None:
        assert removed(StripCaptions(lone_credits=True), line)

    @pytest.mark.parametrize("line", ["Hematology/Oncology", "N/A", "FULL-TIME/PART-TIME STATUS", "Cable/Satellite TV"])
    def test_words_joined_by_a_slash_are_not_a_credit(self, line: str) -> None:
        text = f"{PROSE}\nA short title of a table\n{line}\n{MORE}\n"
        assert StripCaptions()(text) == text

    def test_a_name_and_outlet_credit_needs_a_caption_above(self) -> None:
        caption = "Apple's new iPad Pro on a table in the review lab."
        assert StripCaptions()(f"{PROSE}\n{caption}\nJason Cipriani/ZDNet\n{MORE}\n") == f"{PROSE}\n{MORE}\n"
        assert StripCaptions()(f"Jason Cipriani/ZDNet\n{MORE}\n") == f"Jason Cipriani/ZDNet\n{MORE}\n"

    def test_user_lexicon_adds_a_credit_label(self, tmp_path: Path) -> None:
        extra = tmp_path / "mine.toml"
        extra.write_text('[credit_labels.nl]\n"beeld" = "Dutch sites: \'Beeld: ANP\'"\n', encoding="utf-8")
        assert not removed(StripCaptions(), "Beeld: Jan Jansen")
        assert removed(StripCaptions(lexicons=(str(extra),), lone_credits=True), "Beeld: Jan Jansen")

    def test_a_bad_user_lexicon_is_a_config_error(self, tmp_path: Path) -> None:
        extra = tmp_path / "bad.toml"
        extra.write_text('[credit_labels.nl]\n"beeld" = 3\n', encoding="utf-8")
        with pytest.raises(ConfigError, match="bad.toml"):
            StripCaptions(lexicons=(str(extra),))


class TestStripCredits:
    @pytest.mark.parametrize(
        "line",
        [
            "(Reporting by Jane Doe; Editing by John Roe)",
            "(Reporting by Greg Roumeliotis, with reporting by Herb Lash, editing by Martin Howell.)",
            "(Compiled by Moscow newsroom)",
            "(Additional reporting by Ann Lee in Paris)",
            "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly; Editing by Nick Zieminski",
            "Additional reporting by Joseph Hudak",
            "Compiled by Ed Osmond",
            "-- By Michael Russell Follow @tdmrussell",
            "Write to Al Root at allen.root@dowjones.com",
            "Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.",
            "Reach the reporters on Twitter at http://twitter.com/MegKinnardAP",
            "Have a tip? Amy Kuperinsky may be reached at akuperinsky@njadvancemedia.com.",
            "Phil Helsel is a reporter for NBC News.",
            "NRO contributor Victor Davis Hanson is a fellow at the Hoover Institution. @vdhanson",
        ],
    )
    def test_removes(self, line: str) -> None:
        assert removed(StripCredits(), line)

    @pytest.mark.parametrize("line", NEGATIVE)
    def test_keeps_negative_corpus(self, line: str) -> None:
        assert not removed(StripCredits(), line)

    def test_recognised_wherever_it_stands(self) -> None:
        """A sign-off is known by its form, so a pass that cuts the text after
        it cannot make a second run remove more."""
        sign_off = "(Reporting by Jane Doe; Editing by John Roe)"
        assert StripCredits()(f"{sign_off}\n{PROSE}\n") == f"{PROSE}\n"
        assert StripCredits()(f"{PROSE}\n{sign_off}\n{MORE}\n") == f"{PROSE}\n{MORE}\n"


class TestStripBylines:
    @pytest.mark.parametrize(
        "line",
        [
            "By Jane Doe",
            "By DANICA KIRKA and JILL LAWLESS",
            "By Justine Coleman - 11/18/19 11:04 PM EST",
            "Published 11:11 PM EST Nov 19, 2019",
            "Published 10:02 AM EST Nov 19, 2019",
            "Updated 1:39 am EST, Wednesday, November 20, 2019",
            "Updated: 18 Nov 2019 9:38 pm",
            "Posted: 18 Nov 2019 8:11 pm",
            "Nov. 19, 2019 8:03 am ET",
            "November 18, 2019 11:03 PM",
            "2019-11-19T08:57:40+01:00",
        ],
    )
    def test_removes(self, line: str) -> None:
        assert removed(StripBylines(), line)

    @pytest.mark.parametrize(
        "line", [*NEGATIVE, "By the end of 2019, sales had doubled.", "Updated figures are due in May."]
    )
    def test_keeps(self, line: str) -> None:
        assert not removed(StripBylines(), line)


class TestStripDatelines:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "KYIV / MOSCOW, Feb 1 – Russian President Vladimir Putin said.\n",
                "Russian President Vladimir Putin said.\n",
            ),
            ("LONDON, Nov 19 (Reuters) - Shares fell.\n", "Shares fell.\n"),
            ("WASHINGTON (AP) — The House voted.\n", "The House voted.\n"),
            ("SAN FRANCISCO, Calif., Nov. 18 - Apple said.\n", "Apple said.\n"),
            ("Headline\nBEIJING, Nov 19 (Reuters) - Talks resumed.\r\n", "Headline\nTalks resumed.\r\n"),
            ("LONDON, Nov 19 (Reuters) -\nShares fell.\n", "Shares fell.\n"),
        ],
    )
    def test_removes(self, text: str, expected: str) -> None:
        assert StripDatelines()(text) == expected

    def test_stacked_datelines_all_go_in_one_run(self) -> None:
        """Nine stacked datelines (more than any fixed round limit) go at once,
        so the pass is idempotent."""
        text = "LONDON, Nov 19 (Reuters) - " * 9 + "Shares fell.\n"
        once = StripDatelines()(text)
        assert once == "Shares fell.\n"
        assert StripDatelines()(once) == once

    @pytest.mark.parametrize(
        "text",
        [
            *NEGATIVE,
            "NATO - the alliance - met on Tuesday.",
            "US inflation rose 2% - the most since May.",
            "The LONDON, Nov 19 meeting - postponed.",
            "Putin said on Feb 1 - in Moscow - that talks were over.",
        ],
    )
    def test_keeps(self, text: str) -> None:
        assert StripDatelines()(text) == text

    def test_explains_the_removed_dateline(self) -> None:
        out, changes = StripDatelines().apply("Headline\nLONDON, Nov 19 (Reuters) - Shares fell.\n")
        assert out == "Headline\nShares fell.\n"
        assert [(c.kind, c.before, c.reason, c.line) for c in changes] == [
            ("text-removed", "LONDON, Nov 19 (Reuters) - ", "wire dateline", 2)
        ]


class TestStripSubheads:
    @pytest.mark.parametrize("line", ["A GUN IN THE HEAD OF UKRAINE", "‘INSTRUMENT’", "RANDY ANDY", "DON'T MISS"])
    def test_removes(self, line: str) -> None:
        assert removed(StripSubheads(), line)

    @pytest.mark.parametrize(
        "line",
        [
            *NEGATIVE,
            "NATO",
            "I",
            "THE US AND EU SAID THE TALKS WOULD RESUME ON MONDAY AFTER THE HOLIDAY WEEKEND.",
            "TAYLOR SWIFT CLEARED TO PERFORM HITS AT AMAs AMID FEUD WITH SCOOTER BRAUN, BIG MACHINE RECORDS: REPORT",
        ],
    )
    def test_keeps(self, line: str) -> None:
        assert not removed(StripSubheads(), line)


class TestNewsPreset:
    def test_boilerplate_passes_follow_the_encoding_family(self) -> None:
        assert Pipeline.from_preset("news").names[:7] == (
            "fix-encoding",
            "normalize-unicode",
            "normalize-whitespace",
            "normalize-names",
            *DEFAULT,
        )

    def test_opt_in_passes_are_not_in_the_preset(self) -> None:
        names = Pipeline.from_preset("news").names
        assert not {"strip-bylines", "strip-datelines", "strip-subheads"} & set(names)

    def test_sample_document_loses_its_promo_and_captions_only(self) -> None:
        text = (ROOT / "corpora" / "reuters-2022-02-01-putin-nato.txt").read_text(encoding="utf-8")
        result = Pipeline(DEFAULT).run(text)
        gone = [(c.pass_name, c.before.strip()[-30:]) for c in result.changes]
        assert gone == [
            ("strip-captions", "ial News Service / Handout via REUTERS"[-30:]),
            ("strip-captions", "Yuri Kochetkov / Lake by REUTERS"[-30:]),
            ("strip-captions", "rvice / Handout media service via REUTERS"[-30:]),
            ("strip-promos", "troops interacted with Russians)"[-30:]),
        ]
        assert "KYIV / MOSCOW, Feb 1 –" in result.text
        assert "\nA GUN IN THE HEAD OF UKRAINE\n" in result.text
        assert "\n‘INSTRUMENT’\n" in result.text

    def test_negative_corpus_survives_as_a_document(self) -> None:
        text = "\n".join(NEGATIVE) + "\n"
        assert Pipeline.from_preset("news")(text) == text

    @pytest.mark.parametrize("name", [*DEFAULT, "strip-bylines", "strip-datelines", "strip-subheads"])
    def test_passes_pickle(self, name: str) -> None:
        p = make_pass(name)
        p("warm up the cached patterns\nAdvertisement\n")
        assert pickle.loads(pickle.dumps(p))("Advertisement\n") == p("Advertisement\n")


# Documents made of the lines the passes look at: captions next to credits,
# crumbs, promos, sign-offs, and prose, in any order, with blank lines.
_BOILERPLATE_LINES = [
    "Photo: Jane Doe, AP",
    "Sakib Ali/Hindustan Times/Getty Images",
    "Getty Images",
    "less",
    "... more",
    "Image copyright EPA",
    "Image caption A man walks past",
    "A crowd gathers outside the court in Madrid on Tuesday.",
    "Advertisement",
    "READ MORE: Markets fall",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Keith Bradsher contributed reporting from Hong Kong.",
    "He listed the sources:",
    "KYIV / MOSCOW, Feb 1 (Reuters) - Talks resumed.",
    "A GUN IN THE HEAD",
    "By Jane Doe",
    "Updated 1:39 am EST, Wednesday, November 20, 2019",
    PROSE,
    MORE,
    "",
]
boilerplate_documents = st.lists(st.sampled_from(_BOILERPLATE_LINES), max_size=14).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n"]).map(lambda end: end.join(lines))
)


class TestContract:
    @pytest.mark.parametrize("name", [*DEFAULT, "strip-bylines", "strip-datelines", "strip-subheads"])
    def test_idempotent_on_boilerplate_documents(self, name: str) -> None:
        assert_idempotent(make_pass(name), boilerplate_documents, max_examples=300)

    def test_default_passes_idempotent_together(self) -> None:
        assert_idempotent(Pipeline(DEFAULT), boilerplate_documents, max_examples=300)

    def test_news_preset_idempotent_on_boilerplate_documents(self) -> None:
        """The passes that follow in the preset (repair-truncation cuts the
        end of the text) give the boilerplate passes nothing new to find."""
        assert_idempotent(Pipeline.from_preset("news"), boilerplate_documents, max_examples=300)

    @pytest.mark.parametrize(
        "text",
        [
            "日本政府は新しい経済対策を発表した。, pictured on February 1, 2022. Image copyright Getty Images",
            "Troops train near Lviv, pictured on February 1, 2022. Ukrainian Air Assault Forces / Handout media",
        ],
    )
    def test_news_preset_stable_when_repair_truncation_cuts_a_credit(self, text: str) -> None:
        """A caption whose credit is an unfinished sentence goes in the first
        run, before repair-truncation could cut the credit and leave a
        caption for the second run to find."""
        news = Pipeline.from_preset("news")
        once = news(text)
        assert news(once) == once == ""

    @given(boilerplate_documents, st.integers(0, 14))
    def test_stable_when_a_later_pass_cuts_the_text(self, text: str, keep: int) -> None:
        """Cutting the cleaned text after any line (as repair-truncation may)
        leaves nothing for a second run to remove."""
        pipeline = _DEFAULT_PIPELINE
        once = pipeline(text)
        cut = "".join(once.splitlines(keepends=True)[:keep])
        assert pipeline(cut) == cut

    @pytest.mark.parametrize("name", [*DEFAULT, "strip-bylines", "strip-datelines", "strip-subheads"])
    @pytest.mark.parametrize(
        "text",
        [
            "A" * 200_000,
            "A/" * 100_000,
            "A " * 100_000,
            "(" * 100_000 + ")",
            "[File: " + "x" * 100_000 + "]",
            "Photo: " + "a " * 50_000,
            "Credit: " + "Ab " * 50_000,
            ". " * 100_000 + "Reuters",
            "Reporting by " + "x; " * 50_000,
            "KYIV / " * 50_000 + "Feb 1 -",
            "REUTERS/" + "A " * 50_000,
            "x " * 100 + "@" + " y" * 100_000,
        ],
        ids=lambda t: repr(t[:12]),
    )
    def test_adversarial_runs_finish(self, name: str, text: str) -> None:
        """Long runs of the characters the patterns look for do not make a
        regular expression backtrack (a quadratic pattern would hang here)."""
        p = make_pass(name)
        once = p(text)
        assert p(once) == once


# -- second signals: rules that used to remove article lines on their own ----

BODY = "The council said the budget would be approved after a long debate in the chamber."


class TestSecondSignals:
    @pytest.mark.parametrize(
        "credit",
        [
            "Photo: Jane Roe",
            "Photo by David Dyer-Bennet",
            "Courtesy Google",
            "Photo: Courtesy of Example Shop",
            "(Credit: Jane Roe/Example News)",
            "Image Credit: WeWork",
            "Foto: Max Muster",
            "Titelbild: Max Muster",
            "Photo: blogs.example.co.uk",
        ],
    )
    def test_a_credit_of_only_a_name_under_a_paragraph_stays(self, credit: str) -> None:
        """A label and a name, with no agency and no copyright sign: many
        pages keep it as text, so it stays unless a caption goes above it."""
        text = f"{PROSE}\n\n{BODY}\n\n{credit}\n\n{MORE}\n"
        assert StripCaptions()(text) == text
        assert Pipeline.from_preset("news")(text) == text

    @pytest.mark.parametrize("credit", ["Photo: Jane Roe", "Courtesy Google", "(Credit: Jane Roe/Example News)"])
    def test_lone_credits_option_removes_it_alone(self, credit: str) -> None:
        text = f"{PROSE}\n\n{BODY}\n\n{credit}\n\n{MORE}\n"
        assert StripCaptions(lone_credits=True)(text) == f"{PROSE}\n\n{BODY}\n\n{MORE}\n"

    @pytest.mark.parametrize("credit", ["Photo: Jane Roe", "Photo by David Dyer-Bennet", "(Credit: Acme)"])
    def test_a_credit_of_only_a_name_goes_with_the_caption_above_it(self, credit: str) -> None:
        caption = "A crowd gathers outside the court in Madrid on Tuesday."
        text = f"{PROSE}\n{caption}\n{credit}\n{MORE}\n"
        out, changes = StripCaptions().apply(text)
        assert out == f"{PROSE}\n{MORE}\n"
        assert [c.reason for c in changes][1].endswith("under a caption or credit that goes")

    @pytest.mark.parametrize(
        "credit",
        [
            "Photo: Jane Doe, AP",  # an agency
            "Bild: dpa",
            "© Foto: Skoda",  # a copyright sign
            "Copyright: Jane Doe",
            "File photo",  # no name at all
            "Photos: Nation at a crossroads",  # not a name: a gallery's title
        ],
    )
    def test_a_credit_with_a_second_sign_goes_alone(self, credit: str) -> None:
        text = f"{PROSE}\n\n{BODY}\n\n{credit}\n\n{MORE}\n"
        assert StripCaptions()(text) == f"{PROSE}\n\n{BODY}\n\n{MORE}\n"

    @pytest.mark.parametrize(
        "footer", ["Copyright © 2001, Example Society of Editors", "© 2012 Example Interactive All rights reserved"]
    )
    def test_a_copyright_notice_confirms_no_caption_above_it(self, footer: str) -> None:
        line = "Contact Jane Roe to comment on this site."
        out = StripCaptions()(f"{PROSE}\n{line}\n{footer}\n")
        assert line in out

    @pytest.mark.parametrize(
        "line",
        [
            "Above: A scene from the flyby. False colors in this satellite image represent types of land cover.",
            "Above: A few snaps from recent seminars in Paris and Tokyo. This will be the first series in London.",
            "Image: Jane Roe for Example",
        ],
    )
    def test_a_labelled_paragraph_or_name_is_not_a_labelled_caption(self, line: str) -> None:
        text = f"{PROSE}\n\n{line}\n\n{MORE}\n"
        assert StripCaptions()(text) == text

    @pytest.mark.parametrize(
        "line",
        [
            "Above: A WeWork coworking space in San Francisco.",
            "Image: Jose Mourinho, left, has replaced Mauricio Pochettino as manager of Tottenham",
            "FILE PHOTO: Traders work on the floor of the exchange, November 18, 2019. REUTERS/Brendan McDermid",
        ],
    )
    def test_a_labelled_caption_still_goes(self, line: str) -> None:
        assert removed(StripCaptions(), line)

    @pytest.mark.parametrize(
        "line",
        [
            "If you would like to be notified of new articles, you may subscribe to the Example newsletter.",
            "| If you'd like to receive tips and news, please sign up for our newsletter by email.",
        ],
    )
    def test_a_newsletter_sentence_that_opens_with_a_condition_stays(self, line: str) -> None:
        text = f"{PROSE}\n{line}\n{MORE}\n"
        assert StripPromos()(text) == text

    def test_a_newsletter_call_still_goes(self) -> None:
        text = f"{PROSE}\nSign up to receive our free newsletters\n{MORE}\n"
        assert StripPromos()(text) == f"{PROSE}\n{MORE}\n"

    @pytest.mark.parametrize(
        "line",
        [
            "Keith Bradsher contributed reporting from Hong Kong.",
            "Fox News’ Jessica Napoli contributed to this report.",
            "Aerospace Writer Jane Roe in Cape Canaveral, Florida, contributed to this report.",
        ],
    )
    def test_a_contributed_line_stays(self, line: str) -> None:
        """Most article texts keep "X contributed to this report.": a sentence of the story."""
        text = f"{PROSE}\n{line}\n"
        assert StripCredits()(text) == text
        assert Pipeline.from_preset("news")(text) == text

    def test_sign_offs_still_go(self) -> None:
        text = f"{PROSE}\n(Reporting by Jane Doe; Editing by John Roe)\n"
        assert StripCredits()(text) == f"{PROSE}\n"

    def test_idempotent_with_lone_names(self) -> None:
        pieces = [PROSE, BODY, "Photo: Jane Roe", "Courtesy Google", "A crowd in Madrid.", "Photo: Jane Doe, AP", ""]
        assert_idempotent(_DEFAULT_PIPELINE, st.lists(st.sampled_from(pieces), max_size=8).map("\n".join))
