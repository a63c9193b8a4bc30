"""Module library actions. Each `check_` function raises LibraryActionError when the user may not
do it (or it makes no sense); each `do_` function assumes its check passed and does it.

Adding a module to a kit never copies it: a KitModule row is appended to the kit's latest revision,
so learners' progress on the shared module counts in both kits. A copy is made only on request,
when a kit needs to diverge; it gets new stable ids and remembers its origin (ModuleOrigin)."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..errors import ElearnError
from ..models import KitModule, KitPage, ModuleOrigin, ModulePage


class LibraryActionError(ElearnError):
    """Refused: 403 (no permission), 409 (conflicts with the kit's state) or 400 (makes no sense)."""


def _draft_links(kit):
    draft = kit.get_latest_revision_as_object()
    return draft, sorted(draft.kit_modules.all(), key=lambda link: link.sort_order or 0)


def _check_can_edit_kit(user, kit):
    if not kit.permissions_for_user(user).can_edit():
        raise LibraryActionError(_("You may not edit the kit “%(kit)s”.") % {"kit": kit.title}, status=403)
    if not KitPage.objects.in_source_language().filter(pk=kit.pk).exists():
        # Learners in every language read the source kit's links (KitModule.objects.in_source_kits): a change here would do nothing.
        raise LibraryActionError(_("“%(kit)s” is a translation: add or replace its modules in the kit’s source language, "
                                   "and every translation shows them.") % {"kit": kit.title})
    lock = kit.get_lock()
    if lock is not None and lock.for_user(user):
        raise LibraryActionError(_("The kit “%(kit)s” is locked.") % {"kit": kit.title}, status=409)


def _save_kit(user, kit, draft, links):
    """Save the kit's new module list as a revision; publish it only if the user may publish and the
    kit had no other unpublished changes (publishing would otherwise release someone else's draft)."""
    had_draft_changes = kit.has_unpublished_changes
    for position, link in enumerate(links):
        link.sort_order = position
    draft.kit_modules = links
    revision = draft.save_revision(user=user, log_action=True)
    published = False
    if kit.live and not had_draft_changes and kit.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        published = True
    else:
        _submit_for_review(kit, user)
    return revision, published


def _submit_for_review(kit, user):
    """A change the user may not publish goes to the kit's review workflow, like an edit in the page
    editor would with "Submit for review" (unless the kit is already in review)."""
    kit = Page.objects.get(pk=kit.pk).specific
    workflow = kit.get_workflow()
    if workflow is not None and kit.current_workflow_state is None:
        workflow.start(kit, user)


def check_add_to_kit(user, module, kit):
    _check_can_edit_kit(user, kit)
    _draft, links = _draft_links(kit)
    if any(link.module_id == module.pk for link in links) or KitModule.objects.filter(page=kit, module=module).exists():
        raise LibraryActionError(_("“%(kit)s” already contains “%(module)s”.") % {"kit": kit.title, "module": module.title}, status=409)


def do_add_to_kit(user, module, kit):
    """Append the module (no copy) to the kit. Returns (revision, published)."""
    with transaction.atomic():
        draft, links = _draft_links(kit)
        links.append(KitModule(module=module))
        return _save_kit(user, kit, draft, links)


def check_copy(user, module, library, slug):
    if not library.permissions_for_user(user).can_add_subpage():
        raise LibraryActionError(_("You may not add modules to the library."), status=403)
    if module.get_parent().pk != library.pk:
        raise LibraryActionError(_("Only modules in the library can be copied here."))
    if not slug or slug != slugify(slug):
        raise LibraryActionError(_("Choose a slug of lower-case letters, digits and hyphens."))
    if library.get_children().filter(slug=slug).exists():
        raise LibraryActionError(_("The library already has a module with the slug “%(slug)s”.") % {"slug": slug}, status=409)


def do_copy(user, module, library, title, slug):
    """An independent draft copy of the module with its lessons and quiz (new stable ids), which
    remembers the module and revision it came from."""
    with transaction.atomic():
        copy = module.copy(
            recursive=True, to=library, update_attrs={"slug": slug, "title": title, "draft_title": title},
            keep_live=False, user=user,
        )
        ModuleOrigin.objects.create(
            module=copy, origin_key=module.translation_key, origin_revision_id=module.latest_revision_id, copied_by=user,
        )
    return ModulePage.objects.get(pk=copy.pk)


def check_replace_in_kit(user, kit, original, copy):
    _check_can_edit_kit(user, kit)
    origin = ModuleOrigin.objects.filter(module=copy).first()
    if origin is None or origin.origin_key != original.translation_key:
        raise LibraryActionError(_("“%(copy)s” is not a copy of “%(module)s”.") % {"copy": copy.title, "module": original.title})
    if not copy.live:
        raise LibraryActionError(_("Publish the copy “%(copy)s” and its lessons first: a draft would vanish from the kit.") % {"copy": copy.title}, status=409)
    _draft, links = _draft_links(kit)
    module_ids = [link.module_id for link in links]
    if original.pk not in module_ids:
        raise LibraryActionError(_("“%(kit)s” does not contain “%(module)s”.") % {"kit": kit.title, "module": original.title}, status=409)
    if copy.pk in module_ids:
        raise LibraryActionError(_("“%(kit)s” already contains “%(module)s”.") % {"kit": kit.title, "module": copy.title}, status=409)


def do_replace_in_kit(user, kit, original, copy):
    """Put the copy in the original's place in the kit. Returns (revision, published)."""
    with transaction.atomic():
        draft, links = _draft_links(kit)
        for link in links:
            if link.module_id == original.pk:
                link.module_id = copy.pk
        return _save_kit(user, kit, draft, links)
