"""Certificates as PDF: the same facts as the certificate page, designed to look official, drawn with
ReportLab (A4 landscape, one page).

Nothing is written to disk: the PDF is built in memory for each request (KitPage's
certificate/pdf/ route, which serves it only to the learner who completed the kit, the same rule
as the HTML certificate, via `learning.records.issue_certificate`).

The page: a framed sheet with the programme logo (the uploaded FundingSettings logo, else a text
mark) and the site's name at the top; the learner, the kit, what the kit teaches (each module's first
objective), the hours, the release completed and the issue date in the middle; the funding statement
(in the certificate's language) and a QR code to the verification page with the code at the foot.
ReportLab (the open-source edition) cannot write tagged PDF; the PDF carries its title, author,
subject and language, and every word is real text (searchable, copyable, read by screen readers
in reading order)."""

import io
from dataclasses import dataclass, field
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .funding import funding_in

UNICODE_FONTS = {
    # Names from all seven Alpine Space states (č, ž, ß, à …) need a font beyond Latin-1: DejaVu Sans
    # (Debian's fonts-dejavu-core, installed by ./dev.sh test). Without it the built-in Helvetica is used.
    "CertSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "CertSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}

INK, ACCENT, MUTED = "#1b2a3a", "#0b5f7f", "#55606b"
MAX_OUTCOMES = 6


@dataclass
class CertificateFacts:
    """What the kit teaches and how long it takes, in the reader's language (KitPage.certificate_facts)."""
    outcomes: list = field(default_factory=list)
    minutes: int = 0


def hours_label(minutes):
    """Estimated minutes as hours a person reads: 0 → "", 50 → "1 hour", 150 → "2.5 hours" (localized)."""
    if not minutes:
        return ""
    halves = max(1, round(minutes / 30))
    hours = halves / 2
    shown = formats.number_format(hours, decimal_pos=0 if halves % 2 == 0 else 1)
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if hours == 1 else 2) % {"hours": shown}


def funding_statement(funding):
    """The statement of `funding` (already in the reader's language: funding.funding_in) on one line."""
    return " ".join(str(funding.get("statement", "")).split())


def linkedin_add_url(certificate, verify_url, organisation):
    """LinkedIn's "Add licence or certification" form, filled in."""
    query = {
        "startTask": "CERTIFICATION_NAME", "name": f"{certificate.kit_code} · {certificate.kit_title}",
        "organizationName": organisation, "issueYear": certificate.issued_at.year, "issueMonth": certificate.issued_at.month,
        "certUrl": verify_url, "certId": certificate.code,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


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


def qr_drawing(url, size):
    """A QR code (ReportLab's own encoder, error correction M) of `url`, `size` points square."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def logo_reader(logo_bytes):
    """An ImageReader for the uploaded logo, or None when there is none or it cannot be drawn (SVG …)."""
    if not logo_bytes:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        reader = ImageReader(io.BytesIO(logo_bytes))
        reader.getSize()
        return reader
    except Exception:  # noqa: BLE001 - any unreadable image falls back to the text mark
        return None


def draw_sheet(canvas, doc, *, fonts, funding, logo, verify_url, code):
    """The fixed parts of the page: frame, logo or text mark, site name, funding statement, QR code."""
    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = fonts
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setStrokeColor(HexColor(ACCENT))
    canvas.setLineWidth(2.2)
    canvas.rect(9 * mm, 9 * mm, width - 18 * mm, height - 18 * mm)
    canvas.setLineWidth(0.6)
    canvas.rect(11.5 * mm, 11.5 * mm, width - 23 * mm, height - 23 * mm)

    top = height - 20 * mm
    if logo is not None:
        w, h = logo.getSize()
        draw_h = 16 * mm
        draw_w = min(draw_h * w / h, 70 * mm)
        canvas.drawImage(logo, 20 * mm, top - draw_h, width=draw_w, height=draw_w * h / w, mask="auto")
    else:
        # The clean text mark: the programme's name set in type, never a placeholder box.
        canvas.setFillColor(HexColor(ACCENT))
        canvas.rect(20 * mm, top - 16 * mm, 1.6 * mm, 16 * mm, stroke=0, fill=1)
        canvas.setFont(bold, 13)
        canvas.drawString(24 * mm, top - 6 * mm, "Interreg")
        canvas.setFont(regular, 11)
        canvas.drawString(24 * mm, top - 12 * mm, funding.get("programme", "Interreg Alpine Space").replace("Interreg ", ""))
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        canvas.drawString(24 * mm, top - 16 * mm, funding.get("fund", ""))
    canvas.setFillColor(HexColor(MUTED))
    canvas.setFont(regular, 9.5)
    canvas.drawRightString(width - 20 * mm, top - 6 * mm, f"{funding.get('acronym', '')} · {_('Training kit certificate')}")

    qr_size = 28 * mm
    qr_x, qr_y = width - 20 * mm - qr_size, 20 * mm
    renderPDF.draw(qr_drawing(verify_url, qr_size), canvas, qr_x, qr_y + 5 * mm)
    canvas.setFillColor(HexColor(INK))
    canvas.setFont(bold, 9)
    canvas.drawCentredString(qr_x + qr_size / 2, qr_y + 1.5 * mm, code)

    foot = ParagraphStyle("foot", fontName=regular, fontSize=8.5, leading=11, textColor=HexColor(INK))
    lines = [escape(_("Verification code")) + f": <b>{escape(code)}</b>",
             escape(_("Check it at")) + f' <link href="{escape(verify_url)}" color="{ACCENT}">{escape(verify_url)}</link>',
             escape(funding_statement(funding))]
    text_width = qr_x - 26 * mm
    y = 20 * mm
    for line in reversed(lines):
        paragraph = Paragraph(line, foot)
        _w, h = paragraph.wrap(text_width, 40 * mm)
        paragraph.drawOn(canvas, 20 * mm, y)
        y += h + 1.5 * mm
    canvas.restoreState()


def render_certificate_pdf(certificate, verify_url, facts=None, logo_bytes=None):
    """The certificate as PDF bytes (A4 landscape, one page)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, KeepInFrame, PageTemplate, BaseDocTemplate, Paragraph, Spacer

    facts = facts or CertificateFacts()
    funding = funding_in()  # in the language the certificate is rendered in (the holder's)
    fonts = certificate_fonts()
    regular, bold = fonts
    buffer = io.BytesIO()
    page_size = landscape(A4)
    doc = BaseDocTemplate(
        buffer, pagesize=page_size, title=_("Certificate of completion") + f" – {certificate.kit_code}",
        author=funding.get("acronym", ""), subject=certificate.kit_title, lang=translation.get_language() or settings.LANGUAGE_CODE,
        displayDocTitle=True,
    )
    frame = Frame(30 * mm, 52 * mm, page_size[0] - 60 * mm, page_size[1] - 52 * mm - 40 * mm, id="body", showBoundary=0)
    logo = logo_reader(logo_bytes)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPage=lambda canvas, d: draw_sheet(
        canvas, d, fonts=fonts, funding=funding, logo=logo, verify_url=verify_url, code=certificate.code))])

    base = ParagraphStyle("base", fontName=regular, fontSize=11.5, leading=15, alignment=TA_CENTER, textColor=HexColor(INK))
    title = ParagraphStyle("title", parent=base, fontName=bold, fontSize=26, leading=32, textColor=HexColor(ACCENT))
    name = ParagraphStyle("name", parent=base, fontName=bold, fontSize=22, leading=28)
    kit_style = ParagraphStyle("kit", parent=base, fontName=bold, fontSize=14, leading=19)
    facts_style = ParagraphStyle("facts", parent=base, fontSize=10, leading=14, textColor=HexColor(MUTED))
    heading = ParagraphStyle("heading", parent=base, fontName=bold, fontSize=9.5, leading=13, textColor=HexColor(ACCENT))
    outcome = ParagraphStyle("outcome", parent=base, fontSize=9.5, leading=12.5)

    issued = formats.date_format(certificate.issued_at, "DATE_FORMAT")
    fact_line = [_("Issued on %(date)s.") % {"date": issued}]
    if certificate.release_version:
        fact_line.insert(0, _("Release %(v)s") % {"v": certificate.release_version})
    if hours := hours_label(facts.minutes):
        fact_line.insert(0, _("Learning time: %(hours)s") % {"hours": hours})
    story = [
        Paragraph(escape(_("Certificate of completion")), title),
        Spacer(1, 5 * mm),
        Paragraph(escape(_("This certifies that")), base),
        Spacer(1, 2 * mm),
        Paragraph(escape(certificate.learner_name or "—"), name),
        Spacer(1, 2 * mm),
        Paragraph(escape(_("has completed every module and passed every quiz of the training kit")), base),
        Spacer(1, 2 * mm),
        Paragraph(escape(f"{certificate.kit_code} · {certificate.kit_title}"), kit_style),
        Spacer(1, 2 * mm),
        Paragraph(escape("  ·  ".join(fact_line)), facts_style),
    ]
    if facts.outcomes:
        story += [Spacer(1, 5 * mm), Paragraph(escape(_("Learning outcomes")), heading), Spacer(1, 1 * mm)]
        story += [Paragraph("• " + escape(line), outcome) for line in facts.outcomes[:MAX_OUTCOMES]]
    doc.build([KeepInFrame(frame._width, frame._height, story, mode="shrink")])
    return buffer.getvalue()
