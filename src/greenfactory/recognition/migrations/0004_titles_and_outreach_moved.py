"""The title registry moved to ``titles`` and announcements and training to ``outreach``: they
leave recognition's state. The tables and their rows stay (the new apps keep the names)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0003_announcement_attachments'),
        ('titles', '0001_initial'),
        ('outreach', '0001_initial'),
        ('rewards', '0002_title_moved'),
        ('supervision', '0002_title_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AnnouncementAttachment'),
                migrations.DeleteModel(name='Announcement'),
                migrations.DeleteModel(name='Registration'),
                migrations.DeleteModel(name='TrainingEvent'),
                migrations.DeleteModel(name='TitleStatusChange'),
                migrations.DeleteModel(name='CertificateCounter'),
                migrations.DeleteModel(name='Title'),
            ],
        ),
    ]
