#!/usr/bin/env bash
# One name per concept (issue #10): mechanical renames over the tracked files, idempotent and
# re-runnable after a merge (each rule only matches the old name). Run from the repository root:
#     bash tools/renames.sh
# Not renamed on purpose (the scenario contract, SPEC §4, and the API JSON): event types,
# field names, state keys, the API's `versie` field, the database columns/tables
# (`payload`, `toegangslog_toegangsregel`, `vertrouwen_beveiligingsregel`), the applied
# migrations, and Dutch UI text ("3 regels gevonden" in the access log is plain Dutch).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# perl -pi over the given files that exist (a merge may have removed one).
vervang() {
    local expr="$1"; shift
    local bestanden=()
    for f in "$@"; do [ -f "$f" ] && bestanden+=("$f"); done
    [ ${#bestanden[@]} -eq 0 ] || perl -pi -e "$expr" "${bestanden[@]}"
}
# perl -pi over every tracked Python file that contains the word.
overal() {
    local woord="$1" expr="$2"
    mapfile -t bestanden < <(git ls-files '*.py' | xargs grep -lw -- "$woord" 2>/dev/null || true)
    [ ${#bestanden[@]} -eq 0 ] || perl -pi -e "$expr" "${bestanden[@]}"
}
# The same over Python files and templates, but never an applied migration (they keep the
# names they were written with: the migration state is built from them).
buiten_migraties() {
    local woord="$1" expr="$2"
    mapfile -t bestanden < <(git ls-files '*.py' '*.html' | grep -v '/migrations/' |
        xargs grep -lw -- "$woord" 2>/dev/null || true)
    [ ${#bestanden[@]} -eq 0 ] || perl -pi -e "$expr" "${bestanden[@]}"
}

# 1. `Termijn` was three types. The core's started term keeps the name (core.casus.Termijn);
#    the length of a term in the agreement (a Werkdagen | Weken | Maanden | Dagen) becomes
#    `Termijnduur`; a worklist row of an open term becomes `Werkvoorraadtermijn`.
vervang 's/\bTermijn\b/Termijnduur/g' src/zicht/core/termijn.py
vervang 's/^(\s+)Termijn,$/$1Termijnduur,/; s/: Termijn,/: Termijnduur,/g' tests/core/test_termijn.py
vervang 's/\bimport Termijn, parse_termijn\b/import Termijnduur, parse_termijn/; s/-> Termijn:/-> Termijnduur:/' \
    src/zicht/core/afspraken.py
vervang 's/\bTermijn\b/Werkvoorraadtermijn/g' src/zicht/toepassing/werkvoorraad.py
vervang 's/^(\s+)Termijn,$/$1Werkvoorraadtermijn,/; s/\bPage\[Termijn\]/Page[Werkvoorraadtermijn]/g' \
    src/zicht/casuswerk/werkvoorraad.py

# 2. `versie` was both the agreement's version and the case's sequence number. In code the
#    case's is `seq` (`verwachte_seq`: the one the caller saw); the API keeps its JSON field
#    `versie` and the If-Match header.
vervang 's/^def versie\(/def verwachte_seq(/' src/zicht/api/invoer.py
vervang 's/\bversie = invoer\.versie\(/verwachte_seq = invoer.verwachte_seq(/; s/leg_stap_vast\(wie, d, versie,/leg_stap_vast(wie, d, verwachte_seq,/' \
    src/zicht/api/views/gebeurtenissen.py
overal 'invoer.versie' 's/\binvoer\.versie\(/invoer.verwachte_seq(/g'

# 3. `BewaardeGebeurtenis` / `OpgeslagenGebeurtenis`: one type (merged by hand in commit
#    "One stored-event type"); any use a merge brings back gets the one name.
overal 'BewaardeGebeurtenis' 's/\bBewaardeGebeurtenis\b/OpgeslagenGebeurtenis/g'

# 4. "regel" is only a rule of the agreement (core/regels.py, `afspraken(...).regels(...)`,
#    `Regels`, the calendar's feestdagregels). A row or a line is a `rij` / `lijn`:
#  a. The rows of the access log and the security log. The tables keep their names
#     (`Meta.db_table`), so the migrations (toegangslog 0007, vertrouwen 0002) rename the model
#     state only: no table is renamed, the append-only triggers and the grants stay.
vervang 's/^(\s+verbose_name = )"toegangsregel"$/$1"toegangsrij"/; s/^(\s+verbose_name_plural = )"toegangsregels"$/$1"toegangsrijen"/' \
    src/zicht/toegangslog/models.py
buiten_migraties 'Toegangsregel' 's/\bToegangsregel\b/Toegangsrij/g'
buiten_migraties 'Beveiligingsregel' 's/\bBeveiligingsregel\b/Beveiligingsrij/g'
buiten_migraties 'toegangslog.toegangsregel' 's/\btoegangslog\.toegangsregel\b/toegangslog.toegangsrij/g'
#  b. The need-to-know query: `core.toegang.zichtbaarheid(actor) -> Zichtbaar` (was
#     `toegangsregel`); the screens' shorthand for a Medewerker is `zichtbaarheid_van`.
buiten_migraties 'toegangsregel' 's/\btoegangsregel\b/zichtbaarheid/g'
vervang 's/^(\s+)regel = zichtbaarheid\(/$1z = zichtbaarheid(/; s/\bregel\.(alles|niets|via)\b/z.$1/g' \
    src/zicht/core/toegang.py src/zicht/toepassing/toegang.py
if grep -q '^    "regel",$' src/zicht/casuswerk/toegang.py 2>/dev/null; then  # __all__, sorted
    vervang 's/^    "regel",\n//; s/^(    "zichtbare_casussen",)$/    "zichtbaarheid_van",\n$1/' \
        src/zicht/casuswerk/toegang.py
fi
vervang 's/^def regel\(medewerker: /def zichtbaarheid_van(medewerker: /' src/zicht/casuswerk/toegang.py
overal 'casuswerk.toegang import' 's/^(from zicht\.casuswerk\.toegang import .*)\bregel\b/$1zichtbaarheid_van/; s/\bregel\(medewerker\)/zichtbaarheid_van(medewerker)/g'
#  c. The rows of the worklist's table and of the case list (Python names and context keys).
vervang 's/^class Regel:/class Rij:/; s/\bRegel\(/Rij(/g; s/\blist\[Regel\]/list[Rij]/g; s/^def regels\(/def rijen(/; s/^def regels_html\(regels: /def rijen_html(rijen: /; s/^(\s+)for r in regels:/$1for r in rijen:/; s/\bregel_\b/rij/g; s/\brijen = regels\(/tabel = rijen(/; s/"regels": rijen,/"rijen": tabel,/; s/"regels_html": regels_html\(rijen\)/"rijen_html": rijen_html(tabel)/' \
    src/zicht/casuswerk/werkvoorraad.py
vervang 's/context\["regels"\]/context["rijen"]/g' src/zicht/casuswerk/views/werkvoorraad.py
vervang 's/\{% if regels %\}/{% if rijen %}/; s/\{\{ regels_html \}\}/{{ rijen_html }}/' \
    src/zicht/casuswerk/templates/casuswerk/_werkvoorraad_tabel.html
vervang 's/\bblad, regels, meer = /blad, tabel, meer = /; s/"regels": regels,/"rijen": tabel,/; s/for r in regels\]/for r in tabel]/' \
    src/zicht/casusbeheer/views.py
vervang 's/\{% if regels %\}/{% if rijen %}/; s/\{% for r in regels %\}/{% for r in rijen %}/; s/\{% elif regels is not None %\}/{% elif rijen is not None %}/' \
    src/zicht/casusbeheer/templates/casusbeheer/lijst.html
#  d. The case page's timeline and its history rows; the holder history in the fold.
overal 'Tijdlijnregel' 's/\bTijdlijnregel\b/Tijdlijnrij/g'
overal 'tijdlijnregels' 's/\btijdlijnregels\b/tijdlijnrijen/g'
overal 'historieregel' 's/\bhistorieregel\b/historierij/g'
vervang 's/^(\s+)regel = Tijdlijnrij\(/$1rij = Tijdlijnrij(/; s/\bregel\.(verborgen|velden|document)\b/rij.$1/g; s/uit\.append\(regel\)/uit.append(rij)/' \
    src/zicht/casusbeheer/inhoud.py
vervang 's/^(\s+)regel = gebeurd\(soort\)/$1rij = gebeurd(soort)/; s/^(\s+)regel \+= /$1rij += /; s/^(\s+)return regel$/$1return rij/' \
    src/zicht/toepassing/teksten.py
vervang 's/for regel in reversed\(self\.historie\)/for rij in reversed(self.historie)/; s/\bregel\["(partij|tot)"\]/rij["$1"]/g' \
    src/zicht/core/casus.py
#  e. COPY rows of the bulk paths.
overal 'copy_regel' 's/\bcopy_regel\b/copy_rij/g'
overal 'regels_van_casus' 's/\bregels_van_casus\b/rijen_van_casus/g'
vervang 's/, regels: Mapping\[str, Iterable\[str\]\]\)/, rijen: Mapping[str, Iterable[str]])/; s/"".join\(regels\[tabel\]\)/"".join(rijen[tabel])/' \
    src/zicht/store/bulk.py
vervang 's/^(\s+)regels = uit\[p\.tabel\]/$1rijen = uit[p.tabel]/; s/^(\s+)regels\.append\(/$1rijen.append(/' src/zicht/store/snel.py
vervang 's/^def _regels\(/def _copy_rijen(/; s/^(\s+)regels, casussen, gebeurtenissen = _regels\(/$1rijen, casussen, gebeurtenissen = _copy_rijen(/; s/kopieer\(KOLOMMEN, regels\)/kopieer(KOLOMMEN, rijen)/' \
    src/zicht/casuswerk/demodata/bulk.py
#  f. Lines of text are `lijnen` (a listing, a mail, a CSV download, a process's output).
vervang 's/\bregels\b/lijnen/g' src/zicht/casuswerk/demodata/vullen.py src/zicht/signalering/digest.py \
    bench/regie.py tests/regie/test_cijfers.py tests/toegang/test_logboek.py
vervang 's/\bregel\b/lijn/g' src/zicht/regie/verversen.py tests/signalering/test_worker_sterft.py \
    tests/api/test_contract.py
vervang 's/\bregels\b/lijnen/g; s/\bregel\b/lijn/g' bench/schaal.py
vervang 's/\bregels\b/lijnen/g; s/\bregel\b/rij/g' tests/beheer/test_privacy.py  # `rij(...)` makes a log row
vervang 's/^(\s+)regels = list\(csv\.reader/$1lijnen = list(csv.reader/; s/\bregels\[/lijnen[/g; s/ for r in regels\[/ for r in lijnen[/g' \
    tests/browser/test_regie_beheer_acties.py
#  g. Rows in tests and small helpers: an access-log row, a timeline row, a row number of the
#     chain (`Logbreuk.rij`); the control characters a text may hold.
vervang 's/^def regel\(n: int\)/def rij(n: int)/; s/^regel\((\d)\)/rij($1)/; s/^(\s+)regel\((\d)\)/$1rij($2)/' \
    tests/schaal/replica_controle.py
vervang 's/\blogregel\b/logrij/g' tests/toegang/test_onweerlegbaar.py
vervang 's/\bregels\b/rijen/g' tests/jzv/test_toegangslog.py tests/toegang/test_matrix.py
vervang 's/^(\s+)regels = (list\()?Toegangsrij\b/$1rijen = $2Toegangsrij/; s/\bin regels\b/in rijen/g; s/\bregels\.exists\(\)/rijen.exists()/' \
    tests/toegang/test_urls.py
vervang 's/\bregel\b/logrij/g' tests/api/test_basis.py tests/api/test_overzichten.py
vervang 's/\bregel\b/rij/g' tests/browser/test_casusbeheer.py tests/browser/test_drie_gezinnen.py
vervang 's/^    regel: int$/    rij: int/; s/\{self\.regel\}/{self.rij}/' src/zicht/vertrouwen/keten.py
vervang 's/\b_REGELS\b/_OPMAAKTEKENS/g' src/zicht/core/tekens.py
#  h. The agreement of a region (`afspraken(regio)`, an `Afspraken`) is `overeenkomst` where a
#     variable holds it, as in store/snel.py; `regels` is what applies on one day.
vervang 's/(?<![.\w])regels\b/overeenkomst/g' src/zicht/store/projectie.py src/zicht/toepassing/dossier.py \
    tests/api/test_levenscyclus.py tests/perf/test_querytelling.py

# 5. `velden` are an event's fields in code; `payload` is only the column (and its ORM field,
#    the rows read from it as dicts, and the canonical JSON of the hash chain).
vervang 's/\bfor seq, type_, payload, /for seq, type_, velden, /; s/^(\s+)\(seq, type_, payload, /$1(seq, type_, velden, /; s/^(\s+)velden=payload,$/$1velden=velden,/' \
    src/zicht/store/toevoegen.py
vervang 's/\bfor cid, reg, sinds, seq, type_, payload, op in /for cid, reg, sinds, seq, type_, velden, op in /; s/loads\(payload\)\)/loads(velden))/' \
    src/zicht/store/snel.py

# Imports sorted again where a new name moved (ruff's isort rule), when the venv is there.
if [ -x .venv/bin/ruff ]; then
    .venv/bin/ruff check --fix --select I -q src tests bench || true
    .venv/bin/ruff format -q src tests bench
fi
