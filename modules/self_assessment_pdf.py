"""A self-assessment profile as PDF, drawn with ReportLab like the certificates (the same fonts,
modules/certificates.py), built in memory for each request."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .certificates import certificate_fonts
from .funding import funding_in
from .self_assessment import MAX_RATING, MIN_RATING, SCALE, scale_label


def render_profile_pdf(title, profile, links, when=""):
    """PDF bytes (A4 portrait): the means per area, strongest and weakest areas, what to revisit,
    then every statement with its rating, the kit's own scale and the funding statement."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    funding = funding_in()  # in the reader's language
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
                            title=title, author=funding.get("acronym", ""), subject=_("Self-assessment profile"))
    regular, bold = certificate_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13)
    heading = ParagraphStyle("heading", parent=base, fontName=bold, fontSize=13, leading=17, spaceBefore=6, spaceAfter=4)
    big = ParagraphStyle("big", parent=base, fontName=bold, fontSize=17, leading=22)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#333333"))

    def p(text, style=base):
        return Paragraph(escape(str(text)), style)

    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef1"))])
    story = [p(f"{funding.get('acronym', '')} · {_('Self-assessment profile')}", small), Spacer(1, 3 * mm), p(title, big)]
    if when:
        story.append(p(when))
    story += [Spacer(1, 3 * mm), p(not_graded_note(), small), p(_("Mean rating per area"), heading)]
    rows = [[p(_("Area")), p(_("Mean (1–5)"))]] + [[p(s.area.title), p(s.mean_text)] for s in profile.scores]
    story += [Table(rows, colWidths=[140 * mm, 34 * mm], style=grid), Spacer(1, 3 * mm)]
    if profile.strongest:
        story.append(p(_("Strongest: %(areas)s") % {"areas": ", ".join(s.area.title for s in profile.strongest)}))
        story.append(p(_("Weakest: %(areas)s") % {"areas": ", ".join(s.area.title for s in profile.weakest)}))
    else:
        story.append(p(_("All areas have the same mean rating.")))
    if profile.to_revisit:
        story.append(p(_("Lessons to revisit"), heading))
        for score in profile.to_revisit:
            titles = ", ".join(link["title"] for link in links.get(score.area.id, [])) or "–"
            story.append(p(f"{score.area.title}: {titles}"))
    story.append(p(_("Your ratings"), heading))
    rows = [[p(_("Statement")), p(_("Rating (1–5)"))]]
    for score in profile.scores:
        rows.append([Paragraph(f"<b>{escape(score.area.title)}</b> – {escape(score.area.question)}", base), p("")])
        rows += [[p(text), p(f"{rating} · {scale_label(rating)}")] for (_sid, text), rating in zip(score.area.statements, score.ratings)]
    story.append(Table(rows, colWidths=[124 * mm, 50 * mm], style=grid, repeatRows=1))
    story += [Spacer(1, 3 * mm), p(scale_note(), small), Spacer(1, 4 * mm), p(funding.get("statement", ""), small)]
    doc.build(story)
    return buffer.getvalue()


def not_graded_note():
    return _("Not graded: this self-assessment does not count as a quiz or towards your progress.")


def scale_note():
    labels = "; ".join(f"{value} = {label}" for value, label in SCALE)
    return _("This kit's own scale from %(low)s to %(high)s (%(labels)s). The wording of the project's StressTest questionnaire and its answer scale are not public; the six question areas are the published ones.") % {
        "low": MIN_RATING, "high": MAX_RATING, "labels": labels}
