#!/usr/bin/env bash
# One name per concept (issue #10): mechanical renames over the tracked files, idempotent and
# re-runnable after a merge (each rule only matches the old name). Run from the repository root:
#     bash tools/renames.sh
# Not renamed on purpose (the scenario contract, SPEC §4, and the API JSON): event types,
# field names, state keys, the API's `versie` field and the database columns/tables
# (`payload`, `toegangslog_toegangsregel`).
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

# Imports sorted again where a new name moved (ruff's isort rule), when the venv is there.
if [ -x .venv/bin/ruff ]; then
    .venv/bin/ruff check --fix --select I -q src tests bench || true
    .venv/bin/ruff format -q src tests bench
fi
