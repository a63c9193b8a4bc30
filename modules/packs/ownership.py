"""Which items a pack import may write: the one rule for stable ids (keys) arriving in a pack.

Keys are public (every lesson page and release manifest shows them), so a pack can carry the key of
anything on this server. An import may therefore create new items, and change an existing one only
when that item came in with a pack of the same kit (its ItemProvenance names the kit). Anything else
that the import would change, an item of another kit or one authored here, is refused with the item
named, in the dry run too. Kits follow the same idea one level up (`check_kit_target`): a pack may
update only a kit that itself came in as a pack, never one authored here, and never to an older
release."""

from django.utils.translation import gettext as _

from ..models import ImportedKit, ItemProvenance, KitPage
from .errors import PackReferenceError
from .manifest import parse_semver


def owning_kit(key):
    """The kit key an existing item was imported with, or None (authored here, or never imported)."""
    provenance = ItemProvenance.objects.filter(item_key=key).only("pack_key").first()
    return str(provenance.pack_key) if provenance and provenance.pack_key else None


def may_write(key, pack_key):
    return owning_kit(key) == str(pack_key)


def check_may_write(key, pack_key, label):
    """Raise unless the import of kit `pack_key` may change the existing item `key`."""
    if not may_write(key, pack_key):
        raise PackReferenceError(
            _("%(item)s already exists on this server and belongs to another kit or was authored here; "
              "a pack may only change items of its own kit.") % {"item": label}, label)


def check_kit_target(kit_data, version):
    """A release pack of `kit_data` at `version` may update the kit with that id only if it came in
    as a pack itself (ImportedKit), and only to the same or a newer release."""
    imported = ImportedKit.objects.filter(kit_key=kit_data["id"]).first()
    if imported is None:
        local = KitPage.objects.filter(translation_key=kit_data["id"]).first()
        if local is not None:
            raise PackReferenceError(
                _("The pack claims to be kit %(code)s, which was authored on this server; a pack cannot update it.")
                % {"code": local.code or local.title}, "kit")
        return None
    if parse_semver(version)[0] < parse_semver(imported.version)[0]:
        raise PackReferenceError(
            _("Release %(version)s is older than the imported %(imported)s; downgrades are not applied.")
            % {"version": version, "imported": imported.version}, "kit")
    return imported
