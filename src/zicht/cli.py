"""The `zicht` command: one entry point, each subcommand in its own module.

Subcommands are imported lazily so that `zicht scenario` (pure core) never loads Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module that offers `voeg_toe(subparsers)`; each registers its own parser.
SUBCOMMANDS = {
    "scenario": "zicht.scenario_cli",
    "rebuild": "zicht.store.cli",
    "verify": "zicht.store.cli",
    "beheer": "zicht.store.cli",
    "demo": "zicht.api.demo",  # the screens' demo data plus demo API clients
    "genereer": "zicht.casuswerk.genereer",
    "bewaartermijn": "zicht.casuswerk.bewaartermijn_cli",
    "api-client": "zicht.api.cli",
    "webhooks": "zicht.api.cli",
    "backup": "zicht.vertrouwen.cli",
    "restore": "zicht.vertrouwen.cli",
    "db-rollen": "zicht.vertrouwen.cli",
    "jzv": "zicht.jzv.cli",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="zicht", description="Zicht op veiligheid: de samenwerkingsafspraken als software."
    )
    sub = parser.add_subparsers(dest="opdracht", required=True)
    for module_name in dict.fromkeys(SUBCOMMANDS.values()):
        importlib.import_module(module_name).voeg_toe(sub)
    args = parser.parse_args(argv)
    return int(args.uitvoeren(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
