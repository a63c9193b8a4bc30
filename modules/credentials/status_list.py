"""Revocation through a W3C Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/).

Each certificate owns one bit, at its `status_index`; the bit is 1 when a maintainer revoked the
certificate or its holder deleted their account. The list is a gzip-compressed bitstring, base64url
encoded with the multibase "u" prefix, at least 16 KB (131,072 entries) so that one bit says nothing
about which certificate it belongs to. Bit 0 is the left-most bit of the first byte."""

import base64
import gzip

from django.db.models import Q

from ..learning.models import Certificate

MIN_ENTRIES = 131072


def revoked_indexes():
    rows = Certificate.objects.filter(Q(revoked_at__isnull=False) | Q(user__erased_at__isnull=False))
    return [row.status_index for row in rows.only("pk")]


def encode_bits(indexes, size=None):
    size = size or MIN_ENTRIES
    while indexes and max(indexes) >= size:
        size *= 2
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode_bits(encoded):
    if not encoded.startswith("u"):
        raise ValueError("The status list is not base64url multibase encoded.")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit_is_set(encoded, index):
    bits = decode_bits(encoded)
    if index < 0 or index // 8 >= len(bits):
        raise ValueError("The status list index is out of range.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
