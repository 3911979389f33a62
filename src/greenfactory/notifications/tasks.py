from django_tasks import task

from .models import OutboundEmail


@task()
def send_email(email_id: int) -> None:
    from .domain.notify import deliver  # noqa: PLC0415 -- notifications.domain.notify imports this module

    deliver(OutboundEmail.objects.get(pk=email_id))
