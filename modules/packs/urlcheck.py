"""Which addresses the admin may import a pack from: http(s) on a public host.

A maintainer's URL is fetched by the server, so it must not reach what only the server can reach
(loopback, the private network, link-local cloud metadata). ELEARN_PACK_URL_ALLOW_PRIVATE=1 lifts the
rule for a catalogue on the local network. The check runs when the form is sent and again in the
worker right before the download. `manage.py import_pack` (run by whoever runs the server) is not
limited."""

import ipaddress
import socket
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import PackError


def check_pack_url(url):
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PackError(_("Only http:// and https:// addresses can be imported."), url)
    if settings.ELEARN_PACK_URL_ALLOW_PRIVATE:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError) as error:
        raise PackError(_("The server name %(host)s cannot be found.") % {"host": parts.hostname}, url) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise PackError(_("%(host)s is an address on this server or its private network; packs are imported from public addresses only.")
                            % {"host": parts.hostname}, url)
