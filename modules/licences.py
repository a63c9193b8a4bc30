"""The licences a kit may carry, by SPDX identifier: the short name people cite and the deed they can
read. The kits are published under Creative Commons licences; a pack that names any other licence is
cited by its identifier and links to its SPDX page, which is also what a pack's metadata cites."""

# The four Creative Commons 4.0 licences that require attribution, as their SPDX ids and deeds spell them.
CC_TERMS = ("by", "by-sa", "by-nc", "by-nc-sa")

LICENCES = {
    **{f"CC-{terms.upper()}-4.0": (f"CC {terms.upper()} 4.0", f"https://creativecommons.org/licenses/{terms}/4.0/")
       for terms in CC_TERMS},
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}

# What a kit's licence field offers, in the same order.
LICENCE_CHOICES = [(spdx, name) for spdx, (name, _deed) in LICENCES.items()]


def spdx_url(spdx):
    """The licence's page in the SPDX list (what a pack's metadata cites: every licence has one)."""
    return f"https://spdx.org/licenses/{spdx}.html"


def licence_name(spdx):
    return LICENCES.get(spdx, (spdx, None))[0]


def licence_url(spdx):
    """The deed a person reads: Creative Commons' own, else the SPDX page."""
    return LICENCES.get(spdx, (None, None))[1] or spdx_url(spdx)
