"""A locale's page tree gets the same staff permissions and review workflow as the source tree.

Permissions and the "Kit review" workflow are attached to the home page (modules/roles.py). The
first translation into a language makes Wagtail create that language's home page (an alias, a
sibling of the English one), which would otherwise carry neither: trainers could not edit the
translations, and a translation would skip review. When such a home page is created, it receives
the source home's page permissions and workflow, so translations are authored by trainers and
published by kit maintainers through the same review as the source."""

from django.dispatch import receiver
from wagtail.models import GroupPagePermission, WorkflowPage
from wagtail.signals import copy_for_translation_done


@receiver(copy_for_translation_done)
def share_roles_with_translated_home(sender, source_obj, target_obj, **kwargs):
    if getattr(target_obj, "depth", None) != 2:  # pages only: snippets (glossary terms) have no tree
        return
    for grant in GroupPagePermission.objects.filter(page_id=source_obj.pk):
        GroupPagePermission.objects.get_or_create(group_id=grant.group_id, page_id=target_obj.pk, permission_id=grant.permission_id)
    assigned = WorkflowPage.objects.filter(page_id=source_obj.pk).first()
    if assigned is not None:
        WorkflowPage.objects.update_or_create(page_id=target_obj.pk, defaults={"workflow_id": assigned.workflow_id})
