"""A person's own download (modules/downloads.py): an attachment with a safe file name, never kept by
a shared cache. The endpoints that use it are tested where they live (certificate, credential,
self-assessment, account data, analytics CSV)."""

from modules.downloads import personal_download


def test_a_personal_download_is_a_private_attachment():
    response = personal_download(b"%PDF-1.7", "application/pdf", "certificate-itg-t1.pdf")
    assert response.content == b"%PDF-1.7" and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-itg-t1.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_name_cannot_break_out_of_its_header():
    # A quote or a non-ASCII letter (a kit slug or title a region chose) stays inside the file name.
    quoted = personal_download(b"", "text/csv", 'results"; filename="evil.exe.csv')
    assert quoted["Content-Disposition"] == r'attachment; filename="results\"; filename=\"evil.exe.csv"'
    accented = personal_download(b"", "text/csv", "résultats-région.csv")
    assert accented["Content-Disposition"] == "attachment; filename*=utf-8''r%C3%A9sultats-r%C3%A9gion.csv"
