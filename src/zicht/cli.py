"""The `zicht` command: one entry point, each subcommand in its own module.

Subcommands are imported lazily so that `zicht scenario` (pure core) never loads Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from zicht.toepassing import fouten  # pure: the core's errors, no Django

# subcommand -> module that offers `voeg_toe(subparsers)`; each registers its own parser.
SUBCOMMANDS = {
    "scenario": "zicht.scenario_cli",
    "rebuild": "zicht.store.cli",
    "verify": "zicht.store.cli",
    "beheer": "zicht.store.cli",
    "demo": "zicht.web.demo",  # the screens' demo data plus demo API clients
    "genereer": "zicht.casuswerk.genereer",
    "bewaartermijn": "zicht.casuswerk.bewaartermijn_cli",
    "api-client": "zicht.api.cli",
    "webhooks": "zicht.api.cli",
    "backup": "zicht.vertrouwen.cli",
    "restore": "zicht.vertrouwen.cli",
    "db-rollen": "zicht.vertrouwen.cli",
    "jzv": "zicht.jzv.cli",
}


# The one translation of the application layer's refusals for the command line: exit codes.
# 2 is bad input and 1 the agreement's refusal, as for `zicht scenario` (the core's codes).
UITGANGSCODES: dict[type[fouten.Fout], int] = {
    fouten.Afgewezen: 1,
    fouten.OngeldigeInvoer: 2,
    fouten.NietGevonden: 3,
    fouten.Verboden: 4,
    fouten.Conflict: 5,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="zicht", description="Zicht op veiligheid: de samenwerkingsafspraken als software."
    )
    sub = parser.add_subparsers(dest="opdracht", required=True)
    for module_name in dict.fromkeys(SUBCOMMANDS.values()):
        importlib.import_module(module_name).voeg_toe(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.uitvoeren(args) or 0)
    except fouten.Fout as fout:
        print(f"zicht: {fout}", file=sys.stderr)
        return UITGANGSCODES.get(type(fout), 1)


if __name__ == "__main__":
    sys.exit(main())
