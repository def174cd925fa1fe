"""Step 3: the `Afzender` model and an outcome's own delivery columns go; the sender is the
API client."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("jzv", "0003_jzv_een_systeem_gegevens")]

    operations = [
        migrations.RemoveConstraint(model_name="melding", name="jzv_melding_uniek_per_afzender"),
        migrations.RemoveField(model_name="melding", name="afzender"),
        migrations.RemoveField(model_name="ontvangenuitkomst", name="afzender"),
        migrations.RenameField(model_name="melding", old_name="client", new_name="afzender"),
        migrations.RenameField(
            model_name="ontvangenuitkomst", old_name="client", new_name="afzender"
        ),
        migrations.AlterField(
            model_name="melding",
            name="afzender",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="jzv_meldingen",
                to="api.apiclient",
            ),
        ),
        migrations.AlterField(
            model_name="ontvangenuitkomst",
            name="afzender",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="jzv_ontvangen_uitkomsten",
                to="api.apiclient",
            ),
        ),
        migrations.AddConstraint(
            model_name="melding",
            constraint=models.UniqueConstraint(
                fields=("afzender", "registratienummer"), name="jzv_melding_uniek_per_afzender"
            ),
        ),
        migrations.AlterField(
            model_name="uitkomst",
            name="levering",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="jzv_uitkomst",
                to="api.levering",
            ),
        ),
        migrations.RemoveField(model_name="uitkomst", name="status"),
        migrations.RemoveField(model_name="uitkomst", name="pogingen"),
        migrations.RemoveField(model_name="uitkomst", name="laatste_fout"),
        migrations.RemoveField(model_name="uitkomst", name="laatste_poging_op"),
        migrations.RemoveField(model_name="uitkomst", name="volgende_poging_op"),
        migrations.RemoveField(model_name="uitkomst", name="bezorgd_op"),
        migrations.DeleteModel(name="Afzender"),
    ]
