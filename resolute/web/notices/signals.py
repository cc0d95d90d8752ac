"""An objection received warns its assignee at once (the daily run catches any missed); an
objection decided tells the enterprise's users, mailed once the decision is committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from resolute.web.objections.models import Objection


@receiver(post_save, sender=Objection, dispatch_uid="notices-objection-received")
def objection_received(sender: Any, instance: Objection, created: bool, raw: bool = False,
                       **kwargs: Any) -> None:  # fmt: skip
    if not created or raw:
        return
    from resolute.web.notices import services, tasks

    if services.notify_objection(instance) and instance.assigned_to is not None \
            and instance.assigned_to.email:  # fmt: skip
        tasks.send_notice_mail.enqueue()


@receiver(post_save, sender=Objection, dispatch_uid="notices-objection-decided")
def objection_decided(sender: Any, instance: Objection, created: bool, raw: bool = False,
                      **kwargs: Any) -> None:  # fmt: skip
    if raw or instance.status == Objection.Status.OPEN:
        return
    from resolute.web.notices import services, tasks
    from resolute.web.notices.models import Mail

    made = services.notify_decision(instance)
    if any(n.mail == Mail.PENDING for n in made):
        transaction.on_commit(tasks.send_notice_mail.enqueue)
