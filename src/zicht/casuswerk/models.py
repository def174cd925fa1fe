"""The casuswerk app's models live in the layers that use them; Django loads them from here.

Organisations, people, families and free text: `zicht.toepassing.modellen`; the relations
projection: `zicht.store.models.CasusPartij`. Tables and migrations stay this app's.
"""

from zicht.store.models import CasusPartij
from zicht.toepassing.modellen import SOORTEN, Gezin, Medewerker, Notitie, Organisatie

__all__ = ["SOORTEN", "CasusPartij", "Gezin", "Medewerker", "Notitie", "Organisatie"]
