"""`Beveiligingsregel` is `Beveiligingsrij` (issue #10: "regel" is only a rule of the
agreement). The model state only: the table keeps its name (`Meta.db_table`), no SQL runs."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("vertrouwen", "0001_initial")]

    operations = [
        migrations.AlterModelTable(name="beveiligingsregel", table="vertrouwen_beveiligingsregel"),
        migrations.RenameModel(old_name="Beveiligingsregel", new_name="Beveiligingsrij"),
    ]
