from django.db import migrations, models


class Migration(migrations.Migration):
    """The moment time alone changes a projection, indexed for the deadline sweep. Projections
    stored before this have none (null) until the next append or `zicht rebuild`; the sweep
    still finds their overdue terms through `termijn_verloop`."""

    dependencies = [
        ("store", "0008_merge_vertrouwen_tijd"),
    ]

    operations = [
        migrations.AddField(
            model_name="casusprojectie",
            name="herzien_op",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddIndex(
            model_name="casusprojectie",
            index=models.Index(fields=["herzien_op"], name="projectie_herzien_op"),
        ),
    ]
