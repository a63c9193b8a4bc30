"""Certificates as PDF: the same facts as the certificate page, drawn with ReportLab.

Nothing is written to disk: the PDF is built in memory for each request (KitPage's
certificate/pdf/ route, which serves it only to the learner who completed the kit, the same rule
as the HTML certificate, via `learning.records.issue_certificate`)."""

import io

from django.utils import formats
from django.utils.translation import gettext as _

from .funding import funding_in

UNICODE_FONTS = {
    # Names from all seven Alpine Space states (č, ž, ß, à …) need a font beyond Latin-1: DejaVu Sans
    # (Debian's fonts-dejavu-core, installed by ./dev.sh test). Without it the built-in Helvetica is used.
    "CertSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "CertSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


def certificate_fonts():
    """(regular, bold) font names, registering DejaVu Sans once when the machine has it."""
    import os

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not all(os.path.exists(path) for path in UNICODE_FONTS.values()):
        return "Helvetica", "Helvetica-Bold"
    for name, path in UNICODE_FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))
    return "CertSans", "CertSans-Bold"


def render_certificate_pdf(certificate, verify_url):
    """The certificate as PDF bytes (A4 landscape)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from xml.sax.saxutils import escape

    funding = funding_in()  # in the language the certificate is rendered in (the holder's)
    buffer = io.BytesIO()
    page_size = landscape(A4)
    doc = SimpleDocTemplate(
        buffer, pagesize=page_size, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=20 * mm, bottomMargin=18 * mm,
        title=_("Certificate of completion") + f" – {certificate.kit_code}", author=funding.get("acronym", ""),
        subject=certificate.kit_title,
    )
    regular, bold = certificate_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=12, leading=16, alignment=TA_CENTER)
    eyebrow = ParagraphStyle("eyebrow", parent=base, fontSize=10, textColor=HexColor("#555555"))
    title = ParagraphStyle("title", parent=base, fontName=bold, fontSize=28, leading=34)
    name = ParagraphStyle("name", parent=base, fontName=bold, fontSize=22, leading=28)
    kit_style = ParagraphStyle("kit", parent=base, fontName=bold, fontSize=15, leading=20)
    small = ParagraphStyle("small", parent=base, fontSize=9, leading=12, textColor=HexColor("#333333"))

    issued = formats.date_format(certificate.issued_at, "j F Y")
    story = [
        Paragraph(escape(f"{funding.get('acronym', '')} · {_('Training kit certificate')}"), eyebrow),
        Spacer(1, 8 * mm),
        Paragraph(escape(_("Certificate of completion")), title),
        Spacer(1, 8 * mm),
        Paragraph(escape(_("This certifies that")), base),
        Spacer(1, 3 * mm),
        Paragraph(escape(certificate.learner_name), name),
        Spacer(1, 3 * mm),
        Paragraph(escape(_("has completed every module and passed every quiz of the training kit")), base),
        Spacer(1, 3 * mm),
        Paragraph(escape(f"{certificate.kit_code} · {certificate.kit_title}"), kit_style),
        *([Paragraph(escape(_("Release %(v)s") % {"v": certificate.release_version}), base)] if certificate.release_version else []),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Issued on %(date)s.") % {"date": issued}), base),
        Spacer(1, 8 * mm),
        Paragraph(escape(_("Verification code")) + f": <b>{escape(certificate.code)}</b>", base),
        Paragraph(escape(_("Check it at")) + f' <link href="{escape(verify_url)}" color="blue">{escape(verify_url)}</link>', base),
        Spacer(1, 10 * mm),
        Paragraph(escape(funding.get("statement", "")), small),
    ]
    doc.build(story)
    return buffer.getvalue()
