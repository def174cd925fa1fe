"""The case page offers only this user's steps; every step goes through the engine."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zicht.casuswerk.views import stappen
from zicht.store.models import Gebeurtenis
from zicht.toegangslog.models import Toegangsrij
from zicht.toepassing import teksten
from zicht.toepassing.modellen import Gezin

from .conftest import DIRECT, MELDING, OVERDRACHT, TRIAGE, ev, maak_casus

pytestmark = pytest.mark.django_db


def stappen_op(pagina: str, casus_id: str) -> set[str]:
    return set(re.findall(rf"/casussen/{casus_id}/stappen/([a-z_]+)", pagina))


def formulier(client: Client, pad: str) -> dict[str, Any]:
    """The hidden and default values a browser would send back."""
    pagina = client.get(pad).text
    return {
        "seq": re.search(r'name="seq" value="(\d+)"', pagina).group(1),  # type: ignore[union-attr]
        "op": "2026-03-10T11:00",
    }


def test_the_case_page_shows_the_bar_terms_history_and_only_my_steps(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)

    vt = inloggen("vt").get(f"/casussen/{casus_id}").text
    heerlen = inloggen("heerlen").get(f"/casussen/{casus_id}").text

    assert "Gezin Test" in vt and "<svg" in vt and "Zicht op veiligheid per periode" in vt
    assert "Lokaal veld Heerlen" in vt and "Veilig Thuis" in vt
    assert "Start contact met het gezin" in vt and "§2f" in vt
    assert "Veiligheidsbeoordeling afgerond" in vt  # history in Dutch
    assert stappen_op(heerlen, casus_id) >= {"ontvangst_bevestigd", "contact_gestart"}
    assert "ontvangst_bevestigd" not in stappen_op(vt, casus_id)
    assert "overdracht" not in stappen_op(vt, casus_id)
    assert "brief_directbetrokkenen_verstuurd" in stappen_op(vt, casus_id)
    assert vt.count("<h1") == 1


def test_a_step_that_is_not_yours_is_refused(inloggen: Callable[[str], Client]) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)

    assert (
        inloggen("vt").get(f"/casussen/{casus_id}/stappen/ontvangst_bevestigd").status_code == 403
    )
    assert inloggen("vt").get(f"/casussen/{casus_id}/stappen/bestaat_niet").status_code == 404


def test_registering_a_melding_creates_the_case_with_its_triage_term(
    inloggen: Callable[[str], Client],
) -> None:
    client = inloggen("vt")
    assert 'name="gemeenten"' in client.get("/meldingen/nieuw").text

    antwoord = client.post(
        "/meldingen/nieuw",
        {
            "seq": "0",
            "op": "2026-03-10T09:30",
            "gezin": "Gezin Nieuw",
            "gemeenten": ["Heerlen", "Kerkrade"],
            "bron": "professional",
            "spoedeisend": "on",
            "directbetrokkenen__0__id": "Anna Nieuw",
            "directbetrokkenen__0__rol": "ouder",
            "directbetrokkenen__0__gezag": "on",
            "directbetrokkenen__0__contact": "06-12345678, Heerlerweg 1",
            "directbetrokkenen__1__id": "Bo Nieuw",
            "directbetrokkenen__1__rol": "kind",
            "directbetrokkenen__5__id": "Cas Nieuw",  # a row added in the browser
        },
    )

    assert antwoord.status_code == 302, antwoord.text
    pagina = client.get(antwoord["Location"]).text
    melding = Gebeurtenis.objects.get()
    assert "Veiligheidsbeoordeling" in pagina and "§5.1.1" in pagina
    assert melding.payload["gemeenten"] == ["Heerlen", "Kerkrade"]
    assert melding.payload["spoedeisend"] is True
    assert melding.payload["directbetrokkenen"] == [
        {"id": "p1", "rol": "ouder", "gezag": True},
        {"id": "p2", "rol": "kind"},
        {"id": "p3"},
    ]
    assert "Anna" not in str(melding.payload)  # names stay with the family
    assert "Heerlerweg" not in str(melding.payload)  # and so do contact details
    assert Gezin.objects.get().personen[0]["contact"] == "06-12345678, Heerlerweg 1"
    assert "ouder, 06-12345678, Heerlerweg 1" in pagina
    assert [p["naam"] for p in Gezin.objects.get().personen] == [
        "Anna Nieuw",
        "Bo Nieuw",
        "Cas Nieuw",
    ]


def test_an_invalid_melding_stores_nothing_and_names_the_field(
    inloggen: Callable[[str], Client],
) -> None:
    antwoord = inloggen("vt").post(
        "/meldingen/nieuw",
        {"seq": "0", "op": "2026-03-10T09:30", "gezin": "Gezin X", "bron": "burger"},
    )

    assert antwoord.status_code == 200 and "Niet vastgelegd" in antwoord.text
    assert "Dit veld is verplicht" in antwoord.text
    assert Gebeurtenis.objects.count() == 0 and Gezin.objects.count() == 0


def test_an_incomplete_hand_over_is_refused_naming_what_is_missing(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE)
    client = inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/overdracht"
    pagina = client.get(pad).text

    antwoord = client.post(
        pad,
        formulier(client, pad)
        | {
            "moment": "direct",
            "naar": ["lokaal_veld:Heerlen"],
            "informatie": ["inhoud_melding", "triagebesluit"],
        },
    )

    assert "Verplichte informatie bij de overdracht" in pagina
    assert "contactgegevens van de melder" in pagina  # the checklist, from the agreement
    assert antwoord.status_code == 200
    assert "De overdracht is onvolledig" in antwoord.text and "§5.1.3" in antwoord.text
    for ontbreekt in [
        "contactgegevens_directbetrokkenen",
        "contactgegevens_melder",
        "informatie_veiligheidsbeoordeling",
    ]:
        assert ontbreekt in antwoord.text
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 2


def test_a_complete_hand_over_is_stored_and_moves_zicht(inloggen: Callable[[str], Client]) -> None:
    casus_id = maak_casus(MELDING, TRIAGE)
    client = inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/overdracht"

    antwoord = client.post(
        pad,
        formulier(client, pad)
        | {
            "moment": "direct",
            "naar": ["lokaal_veld:Heerlen"],
            "informatie": DIRECT,
            "wijze": "digitaal",
        },
    )

    assert antwoord.status_code == 302
    opgeslagen = Gebeurtenis.objects.get(casus_id=casus_id, seq=3)
    assert opgeslagen.actor == "test.vt" and opgeslagen.organisatie == "veilig_thuis"
    assert "vastgelegd" in client.get(antwoord["Location"]).text


def test_a_refusal_by_the_engine_appears_next_to_its_field(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING)
    client = inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/veiligheidsbeoordeling_afgerond"

    antwoord = client.post(
        pad,
        formulier(client, pad)
        | {"besluit": "lokaal_veld", "onderbouwing": "x", "beoordelaars": ["test.vt"]},
    )

    assert "minstens 2 verschillende beoordelaars" in antwoord.text and "§3.1 c" in antwoord.text
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 1


def test_two_users_submit_the_same_step_the_second_gets_the_conflict_message(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING)
    eerste, tweede = inloggen("vt"), inloggen("vt2")
    pad = f"/casussen/{casus_id}/stappen/veiligheidsbeoordeling_afgerond"
    velden = {
        "besluit": "lokaal_veld",
        "onderbouwing": "x",
        "beoordelaars": ["test.vt", "test.vt2"],
    }
    formulier_1, formulier_2 = formulier(eerste, pad), formulier(tweede, pad)

    een = eerste.post(pad, formulier_1 | velden)
    eigen = {"besluit": "onderzoek", "onderbouwing": "Mijn onderbouwing van vannacht"}
    twee = tweede.post(pad, formulier_2 | velden | eigen)

    assert een.status_code == 302
    assert twee.status_code == 409
    assert "De casus is intussen gewijzigd, door iemand anders" in twee.text
    assert "Sinds u dit formulier opende" in twee.text
    assert teksten.gebeurd("veiligheidsbeoordeling_afgerond") in twee.text
    assert "Deze stap is nu niet meer aan u" in twee.text  # the assessment is done
    assert "Mijn onderbouwing van vannacht" in twee.text  # what was typed stays on the form
    assert f'href="/casussen/{casus_id}"' in twee.text
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 2
    assert Gebeurtenis.objects.get(casus_id=casus_id, seq=2).payload["besluit"] == "lokaal_veld"


def test_a_step_refused_for_a_change_since_keeps_its_input_and_can_be_sent_again(
    inloggen: Callable[[str], Client],
) -> None:
    """A mid-air collision: Veilig Thuis informs the melder while Heerlen has the receipt
    open. Heerlen's form comes back with what happened since and the current seq; sent again,
    it is recorded."""
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    heerlen, vt = inloggen("heerlen"), inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/ontvangst_bevestigd"
    open_formulier = formulier(heerlen, pad) | {"door": "lokaal_veld:Heerlen"}
    melder = f"/casussen/{casus_id}/stappen/melder_geinformeerd"
    assert vt.post(melder, formulier(vt, melder)).status_code == 302

    botsing = heerlen.post(pad, open_formulier)

    assert botsing.status_code == 409
    assert teksten.gebeurd("melder_geinformeerd") in botsing.text
    assert "verstuur het formulier dan opnieuw" in botsing.text
    assert 'name="seq" value="4"' in botsing.text
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 4
    opnieuw = heerlen.post(pad, open_formulier | {"seq": "4"})
    assert opnieuw.status_code == 302
    laatste = Gebeurtenis.objects.filter(casus_id=casus_id).order_by("seq").last()
    assert laatste is not None and (laatste.seq, laatste.type) == (5, "ontvangst_bevestigd")


def test_a_step_sent_twice_says_it_was_recorded_once_and_offers_no_second_time(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    heerlen = inloggen("heerlen")
    pad = f"/casussen/{casus_id}/stappen/ontvangst_bevestigd"
    data = formulier(heerlen, pad) | {"door": "lokaal_veld:Heerlen"}
    assert heerlen.post(pad, data).status_code == 302

    nog_eens = heerlen.post(pad, data)

    assert nog_eens.status_code == 409
    assert "U had deze stap zelf al verstuurd" in nog_eens.text and "(door u)" in nog_eens.text
    assert 'name="seq" value="3"' in nog_eens.text  # sending it once more conflicts again
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 4


def test_the_receiving_lokaal_veld_confirms_receipt(inloggen: Callable[[str], Client]) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    client = inloggen("heerlen")
    pad = f"/casussen/{casus_id}/stappen/ontvangst_bevestigd"
    assert 'value="lokaal_veld:Heerlen" selected' in client.get(pad).text

    antwoord = client.post(pad, formulier(client, pad) | {"door": "lokaal_veld:Heerlen"})

    assert antwoord.status_code == 302
    assert "ontvangst_bevestigd" not in stappen_op(client.get(antwoord["Location"]).text, casus_id)


def test_htmx_adds_a_person_row_and_moves_the_add_button(inloggen: Callable[[str], Client]) -> None:
    rij = inloggen("vt").get("/meldingen/persoon", {"i": "4"}, HTTP_HX_REQUEST="true").text

    assert 'name="directbetrokkenen__4__id"' in rij and "Persoon 5" in rij
    assert 'hx-swap-oob="true"' in rij and "?i=5" in rij


def test_a_moment_in_the_future_is_refused_on_the_screen_and_nothing_is_stored(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING)
    client, _ = inloggen("vt"), inloggen("vt2")  # two Veilig Thuis assessors exist
    pad = f"/casussen/{casus_id}/stappen/veiligheidsbeoordeling_afgerond"
    velden = {
        "besluit": "lokaal_veld",
        "onderbouwing": "x",
        "beoordelaars": ["test.vt", "test.vt2"],
    }

    antwoord = client.post(pad, formulier(client, pad) | velden | {"op": "2030-03-10T11:00"})

    assert antwoord.status_code == 200 and "ligt in de toekomst" in antwoord.text
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 1


def test_a_refused_step_is_logged_as_refused_and_a_recorded_one_as_recorded(
    inloggen: Callable[[str], Client],
) -> None:
    """A refused submission read the case, so it is in the access log, but never as
    "stap vastgelegd": the case page would otherwise show steps that were not recorded."""
    casus_id = maak_casus(MELDING, TRIAGE)
    client = inloggen("vt")
    pad = f"/casussen/{casus_id}/stappen/overdracht"
    overdracht = {"moment": "direct", "naar": ["lokaal_veld:Heerlen"], "informatie": DIRECT}

    toekomst = client.post(pad, formulier(client, pad) | overdracht | {"op": "2030-03-10T11:00"})
    onvolledig = client.post(
        pad, formulier(client, pad) | overdracht | {"informatie": ["inhoud_melding"]}
    )
    vastgelegd = client.post(pad, formulier(client, pad) | overdracht)

    def rij(antwoord: Any) -> tuple[str, str, str | None]:
        r = Toegangsrij.objects.get(trace_id=antwoord["X-Trace-Id"])
        return (r.actie, r.uitkomst, r.casus_id)

    assert (toekomst.status_code, onvolledig.status_code, vastgelegd.status_code) == (200, 200, 302)
    assert rij(toekomst) == ("stap_geweigerd", "toegestaan", casus_id)
    assert rij(onvolledig) == ("stap_geweigerd", "toegestaan", casus_id)
    assert rij(vastgelegd) == ("stap_vastleggen", "toegestaan", casus_id)
    pagina = client.get(f"/casussen/{casus_id}").text
    paneel = pagina.split("Wie heeft dit dossier ingezien", 1)[1].split("</table>", 1)[0]
    assert paneel.count("stap geweigerd (niet vastgelegd)") == 2
    assert paneel.count("stap vastgelegd") == 1


def test_the_lokaal_veld_returns_a_hand_over_to_the_wrong_gemeente(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)
    client = inloggen("heerlen")
    assert "overdracht_teruggewezen" in stappen_op(
        client.get(f"/casussen/{casus_id}").text, casus_id
    )
    pad = f"/casussen/{casus_id}/stappen/overdracht_teruggewezen"

    antwoord = client.post(
        pad,
        formulier(client, pad)
        | {"door": "lokaal_veld:Heerlen", "reden": "verkeerde_gemeente", "gemeente": "Landgraaf"},
    )

    assert antwoord.status_code == 302, antwoord.text
    vt = inloggen("vt").get(f"/casussen/{casus_id}").text
    assert {"gemeenten_gewijzigd", "gebeurtenis_ingetrokken"} <= stappen_op(vt, casus_id)
    assert "(stap 4)" in vt and "Overdracht teruggewezen" in vt


def test_a_step_recorded_in_error_is_voided_and_the_history_shows_both(
    inloggen: Callable[[str], Client],
) -> None:
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)  # steps 1-3, by Veilig Thuis
    heerlen = inloggen("heerlen")
    pad = f"/casussen/{casus_id}/stappen/contact_gestart"
    heerlen.post(pad, formulier(heerlen, pad) | {"door": "lokaal_veld:Heerlen"})  # step 4
    pad = f"/casussen/{casus_id}/stappen/gebeurtenis_ingetrokken"

    antwoord = heerlen.post(
        pad,
        formulier(heerlen, pad) | {"volgnummer": "4", "onderbouwing": "Per vergissing vastgelegd."},
    )

    assert antwoord.status_code == 302, antwoord.text
    pagina = heerlen.get(f"/casussen/{casus_id}").text
    assert "Contact met het gezin gestart; ingetrokken op" in pagina
    assert "Per vergissing vastgelegd." in pagina
    assert "Per vergissing vastgelegd." not in str(
        Gebeurtenis.objects.get(casus_id=casus_id, seq=5).payload
    )  # the free text is kept beside the event (Notitie), not in it
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 5  # append-only
    assert "contact_gestart" in stappen_op(pagina, casus_id)  # its term is open again


def test_the_withdrawal_form_offers_only_the_steps_your_organisation_recorded(
    inloggen: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lokaal veld Heerlen may not withdraw Veilig Thuis's steps: that would reopen VT's terms
    without VT knowing. The form does not offer them; the use case refuses them anyway."""
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT)  # steps 1-3, by Veilig Thuis
    heerlen = inloggen("heerlen")
    assert "gebeurtenis_ingetrokken" not in stappen_op(
        heerlen.get(f"/casussen/{casus_id}").text, casus_id
    )  # nothing of its own to withdraw yet: not offered
    pad = f"/casussen/{casus_id}/stappen/contact_gestart"
    heerlen.post(pad, formulier(heerlen, pad) | {"door": "lokaal_veld:Heerlen"})  # step 4
    assert "gebeurtenis_ingetrokken" in stappen_op(
        heerlen.get(f"/casussen/{casus_id}").text, casus_id
    )
    pad = f"/casussen/{casus_id}/stappen/gebeurtenis_ingetrokken"

    assert re.findall(r'<option value="(\d+)"', heerlen.get(pad).text) == ["4"]
    vt = inloggen("vt")
    assert re.findall(r'<option value="(\d+)"', vt.get(pad).text) == ["3", "2"]

    # Were the form to offer VT's step, the use case still refuses it, on the form.
    monkeypatch.setattr(
        stappen, "_intrekbaar", lambda d, wie: [(g.seq, g.type) for g in d.gebeurtenissen]
    )
    antwoord = heerlen.post(
        pad, formulier(heerlen, pad) | {"volgnummer": "3", "onderbouwing": "Klopt niet."}
    )

    assert antwoord.status_code == 200
    assert (
        "U kunt alleen een stap intrekken die uw eigen organisatie vastlegde; vraag Veilig Thuis "
        "om de correctie." in antwoord.text
    )
    assert Gebeurtenis.objects.filter(casus_id=casus_id).count() == 4


def test_the_zvh_answers_an_escalation_to_it_on_the_case_page(
    inloggen: Callable[[str], Client],
) -> None:
    naar_zvh = ev("2026-03-06T10:00", "opgeschaald", naar="zorg_en_veiligheidshuis")
    casus_id = maak_casus(MELDING, TRIAGE, OVERDRACHT, naar_zvh)
    client = inloggen("zvh")
    pagina = client.get(f"/casussen/{casus_id}").text
    assert stappen_op(pagina, casus_id) == {"incident", "opgeschaald", "opschaling_beantwoord"}
    assert "§5.5.1" in pagina  # its term, with the ground from the agreement
    pad = f"/casussen/{casus_id}/stappen/opschaling_beantwoord"
    assert 'value="zorg_en_veiligheidshuis"' in client.get(pad).text

    antwoord = client.post(pad, formulier(client, pad) | {"door": "zorg_en_veiligheidshuis"})

    assert antwoord.status_code == 302
    pagina = client.get(antwoord["Location"]).text
    assert stappen_op(pagina, casus_id) == {"incident", "opgeschaald"}
