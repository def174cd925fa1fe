"""Issue #16 on PostgreSQL: the application role cannot rewrite history (finding 1), and a backup
comes back whole (`zicht backup` / `zicht restore`, each ending with `zicht verify`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from zicht.cli import main
from zicht.store.contract import NieuweGebeurtenis
from zicht.store.django_store import DjangoStore
from zicht.store.models import Casus, Gebeurtenis
from zicht.toegangslog import registreer
from zicht.toegangslog.models import Toegangsrij
from zicht.vertrouwen.rollen import als_eigenaar

from .conftest import CASUSSEN, NU, maak_casus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="rollen en pg_dump: PostgreSQL"),
]
EIGENAAR, APP = "zicht_test_eigenaar", "zicht_test_app"


def _als(rol: str) -> Any:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"], port=s["PORT"], user=rol, dbname=s["NAME"], autocommit=True
    )


def _superuser() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cur.fetchone()[0])


def _geweigerd(cur: Any, opdracht: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as fout:
        cur.execute(opdracht)
    return str(fout.value)


def test_the_application_role_reads_and_appends_but_cannot_rewrite_history(
    organisaties_klaar: None, settings: Any
) -> None:
    casus_id = maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    app = APP
    if _superuser():
        assert main(["db-rollen", "--eigenaar", EIGENAAR, "--app", APP]) == 0
    else:  # `make test`: the whole suite already runs as the application role
        app = str(connection.settings_dict["USER"])

    # The application itself works as that role: it appends an event and logs a look.
    oorspronkelijk = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = app
    try:
        store = DjangoStore()
        nieuw = store.nieuwe_casus("zuid-limburg", nu=NU)
        op, soort, velden = CASUSSEN["alleen_gemeld"][0]
        store.voeg_toe(
            nieuw, 0, NieuweGebeurtenis(soort, NU.replace(day=2), velden), "t", "veilig_thuis", NU
        )
        registreer(
            gebruiker="t.vt",
            rol="vt_medewerker",
            organisatie="veilig_thuis",
            casus_id=nieuw,
            personen=["p1"],
            actie="casus_inzien",
            verwerking="vt_melding_en_onderzoek",
            uitkomst="toegestaan",
            trace_id="t",
        )
        assert connection.settings_dict["USER"] == app
        assert Gebeurtenis.objects.filter(casus_id=nieuw).count() == 1
    finally:
        connection.close()
        connection.settings_dict["USER"] = oorspronkelijk

    with _als(app) as verbinding, verbinding.cursor() as cur:
        cur.execute("SELECT count(*) FROM store_gebeurtenis")
        assert cur.fetchone()[0] == 4
        assert "store_gebeurtenis" in _geweigerd(cur, "UPDATE store_gebeurtenis SET actor = 'x'")
        _geweigerd(cur, "DELETE FROM toegangslog_toegangsregel")
        _geweigerd(cur, "TRUNCATE store_gebeurtenis")
        _geweigerd(cur, "DELETE FROM store_casus")
        assert "owner" in _geweigerd(cur, "ALTER TABLE store_gebeurtenis DISABLE TRIGGER ALL")
        _geweigerd(cur, "DROP TRIGGER store_gebeurtenis_alleen_toevoegen ON store_gebeurtenis")
        _geweigerd(cur, "SET session_replication_role = replica")
        _geweigerd(cur, "CREATE TABLE public.eigen (id int)")
        _geweigerd(cur, "INSERT INTO django_migrations (app, name, applied) VALUES ('x','y',now())")
        cur.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s", [app]
        )
        assert cur.fetchone() == (False, False, False)
    assert Casus.objects.filter(pk=casus_id).exists()
    assert main(["verify"]) == 0


def test_backup_and_restore_end_with_verify(
    organisaties_klaar: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eerste = maak_casus("naar_heerlen", CASUSSEN["naar_heerlen"])
    bestand = tmp_path / "zicht.dump"

    assert main(["backup", str(bestand)]) == 0
    assert bestand.stat().st_size > 0 and "in orde" in capsys.readouterr().out
    later = maak_casus("regie_xonar", CASUSSEN["regie_xonar"])
    rijen_log = Toegangsrij.objects.count()

    with als_eigenaar():  # pg_restore drops and recreates the tables: the owner's right
        assert main(["restore", str(bestand)]) == 0

    assert "in orde" in capsys.readouterr().out
    assert Casus.objects.filter(pk=eerste).exists() and not Casus.objects.filter(pk=later).exists()
    assert Toegangsrij.objects.count() <= rijen_log
    if not _superuser():  # `make test`: the suite runs as the application role
        # pg_restore recreated the tables; the application role is again only SELECT/INSERT.
        app = str(connection.settings_dict["USER"])
        with connection.cursor() as cur:
            for tabel in ("store_gebeurtenis", "toegangslog_toegangsregel"):
                cur.execute(
                    "SELECT has_table_privilege(%s, %s, 'UPDATE'), "
                    "has_table_privilege(%s, %s, 'DELETE'), has_table_privilege(%s, %s, 'INSERT')",
                    [app, tabel] * 3,
                )
                assert cur.fetchone() == (False, False, True), tabel
