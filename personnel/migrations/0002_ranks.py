from django.db import migrations


def load_ranks(apps, schema_editor):
    from personnel.ranks import RANKS

    Rank = apps.get_model("personnel", "Rank")
    for code, golongan, pangkat in RANKS:
        Rank.objects.update_or_create(code=code, defaults={"golongan": golongan, "pangkat": pangkat})


class Migration(migrations.Migration):
    dependencies = [("personnel", "0001_initial")]
    operations = [migrations.RunPython(load_ranks, migrations.RunPython.noop)]
