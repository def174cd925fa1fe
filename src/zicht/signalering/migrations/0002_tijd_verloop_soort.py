from django.db import migrations, models


class Migration(migrations.Migration):
    """A `Verloop` is a term past its deadline or a signal time brought."""

    dependencies = [
        ("signalering", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="verloop",
            name="soort",
            field=models.CharField(default="termijn", max_length=20),
        ),
        migrations.AddIndex(
            model_name="verloop",
            index=models.Index(fields=["partij", "soort", "uiterlijk"], name="verloop_partij"),
        ),
    ]
