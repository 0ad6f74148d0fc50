from django.db import migrations


def grant(apps, schema_editor):
    # Editors link authors to staff accounts: the admin's user autocomplete needs auth.view_user.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.add(*Permission.objects.filter(content_type__app_label="auth", codename="view_user"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.remove(*Permission.objects.filter(content_type__app_label="auth", codename="view_user"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_postgresql"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
