"""recognition's migrations from the move of the titles and outreach (0004) to 0006_decided_grade
in one: nothing to do on a fresh database, whose recognition tables its 0001_squashed_0003 made in
their final shape (decisions §97). Kept apart from that one so that the apps the move waited for
(titles, outreach, rewards, supervision) come between the two."""

from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("recognition", "0004_titles_and_outreach_moved"),
        ("recognition", "0005_notice_contacts"),
        ("recognition", "0006_decided_grade"),
    ]

    dependencies = [("recognition", "0001_squashed_0003_announcement_attachments")]

    operations = []
