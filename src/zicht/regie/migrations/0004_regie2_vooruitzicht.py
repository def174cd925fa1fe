from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regie", "0003_regie_bijdrage"),
    ]

    operations = [
        migrations.CreateModel(
            name="Vooruitzicht",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sleutel", models.CharField(max_length=64, unique=True)),
                ("inhoud", models.BinaryField()),
            ],
        ),
    ]
