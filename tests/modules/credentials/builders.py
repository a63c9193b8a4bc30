"""Shared builders for the credential tests: an issued certificate without walking the whole kit."""

from modules.models import Certificate


def issued_certificate(user, kit, **fields):
    return Certificate.objects.create(user=user, kit_key=kit.translation_key, kit_title=kit.title, kit_code=kit.code,
                                      learner_name=user.display_name, **fields)
