from django_tasks import task


@task()
def send_email(email_id: int) -> None:
    from .domain.notify import deliver
    from .models import OutboundEmail

    deliver(OutboundEmail.objects.get(pk=email_id))
