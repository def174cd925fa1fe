"""The access log refuses UPDATE and DELETE in the database itself."""

from django.db import migrations

from zicht.store import alleen_toevoegen

vooruit, terug = alleen_toevoegen.migratie("toegangslog_toegangsregel")


class Migration(migrations.Migration):
    dependencies = [("toegangslog", "0001_toegangsregel")]

    operations = [migrations.RunPython(vooruit, terug)]
