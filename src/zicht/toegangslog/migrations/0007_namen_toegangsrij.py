"""`Toegangsregel` is `Toegangsrij` (issue #10: "regel" is only a rule of the agreement).

The model state only: the table keeps its name (`Meta.db_table`), so no SQL runs and the
append-only triggers (0002) and the grants stay. The first step fixes the table name in the
state, after which Django's RenameModel sees the same table and renames nothing; the content
type follows the rename.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("toegangslog", "0006_ketens")]

    operations = [
        migrations.AlterModelTable(name="toegangsregel", table="toegangslog_toegangsregel"),
        migrations.RenameModel(old_name="Toegangsregel", new_name="Toegangsrij"),
        migrations.AlterModelOptions(
            name="toegangsrij",
            options={
                "ordering": ["-tijdstip", "-id"],
                "verbose_name": "toegangsrij",
                "verbose_name_plural": "toegangsrijen",
            },
        ),
    ]
