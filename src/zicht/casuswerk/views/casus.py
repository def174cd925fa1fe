from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zicht.casuswerk import dossier, klok, teksten
from zicht.casuswerk.tijdlijn import tijdlijn
from zicht.casuswerk.toegang import medewerker_van, toegang_tot_casus


@login_required
@require_GET
def casus_view(request: HttpRequest, casus_id: str) -> HttpResponse:
    medewerker = medewerker_van(request.user)
    d = dossier.laad(toegang_tot_casus(medewerker, casus_id), klok.nu())
    toestand = d.toestand
    namen = dict(
        User.objects.filter(username__in={g.actor for g in d.gebeurtenissen}).values_list(
            "username", "first_name"
        )
    )
    return render(
        request,
        "casuswerk/casus.html",
        {
            "medewerker": medewerker,
            "d": d,
            "toestand": toestand,
            "fase": teksten.FASEN.get(toestand.get("fase", ""), toestand.get("fase")),
            "houders": [teksten.partijnaam(z["partij"]) for z in toestand["zicht_op_veiligheid"]],
            "casusregie": teksten.partijnaam((toestand.get("casusregie") or {}).get("partij", "")),
            "tijdlijn": tijdlijn(
                toestand, d.gebeurtenissen[0].op if d.gebeurtenissen else None, klok.nu()
            ),
            "termijnen": _termijnen(toestand),
            "signalen": [
                {**s, "partij": teksten.partijnaam(s["partij"])} for s in toestand["signalen"]
            ],
            "historie": [
                {
                    "type": teksten.gebeurd(g.type),
                    "moment": teksten.moment(g.op),
                    "door": namen.get(g.actor) or g.actor,
                    "organisatie": teksten.partijnaam(g.organisatie),
                }
                for g in reversed(d.gebeurtenissen)
            ],
            "stappen": [(s, teksten.stap(s)) for s in d.stappen(medewerker)],
        },
    )


def _termijnen(toestand: dict) -> list[dict]:
    volgorde = {"verlopen": 0, "open": 1, "te_laat_voldaan": 2, "voldaan": 3, "vervallen": 4}
    return [
        {
            "naam": teksten.termijnnaam(t["code"]),
            "partij": teksten.partijnaam(t["partij"]),
            "status": teksten.STATUSSEN.get(t["status"], t["status"]),
            "verlopen": t["status"] == "verlopen",
            "uiterlijk": teksten.datum(t["uiterlijk"]),
            "grond": t["grond"],
        }
        for t in sorted(toestand["termijnen"], key=lambda t: volgorde.get(t["status"], 9))
    ]
