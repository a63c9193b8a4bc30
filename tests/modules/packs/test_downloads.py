"""Release downloads over HTTP (RFC 9110): HEAD, conditional requests (ETag = SHA-256, Last-Modified =
the cut) and one byte range. Files are read through the storage API; tests/storage/ runs the same on
storages without local paths."""

import os
from datetime import timedelta

import pytest
from django.utils.http import http_date

from modules.models import ReleaseFile

from .release_rows import stored_release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

BIG = os.urandom(256 * 1024 + 17)  # many of FileResponse's 4 KiB blocks, odd-sized
URL = "/packs/itg-t1/1.0.0/itg-t1-1.0.0.zip"
SAME_HEADERS = ["Content-Type", "Content-Length", "Content-Disposition", "ETag", "Last-Modified", "Cache-Control",
                "Accept-Ranges", "X-Checksum-SHA256"]


@pytest.fixture
def big_release(db):
    return stored_release(files=[(ReleaseFile.PACK, "itg-t1-1.0.0.zip", BIG, "application/zip", None)])


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_get_sends_the_whole_file_with_its_validators(client, big_release):
    response = client.get(URL)
    assert response.status_code == 200 and body(response) == BIG
    assert response["Content-Length"] == str(len(BIG)) and response["Accept-Ranges"] == "bytes"
    item = big_release.files.get()
    assert response["ETag"] == f'"{item.sha256}"' and response["X-Checksum-SHA256"] == item.sha256
    assert response["Last-Modified"] == http_date(big_release.created_at.timestamp())
    assert response["Content-Disposition"] == 'attachment; filename="itg-t1-1.0.0.zip"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_head_answers_the_same_headers_without_a_body(client, big_release):
    get, head = client.get(URL), client.head(URL)
    assert head.status_code == 200 and head.content == b""
    assert {name: head[name] for name in SAME_HEADERS} == {name: get[name] for name in SAME_HEADERS}
    assert not head.streaming  # the file is not even opened


def test_head_of_an_unknown_or_lost_download_is_404(client, big_release):
    from django.core.files.storage import default_storage

    assert client.head("/packs/itg-t1/9.9.9/itg-t1-9.9.9.zip").status_code == 404
    default_storage.delete(big_release.files.get().storage_name)
    assert client.head(URL).status_code == 404 and client.get(URL).status_code == 404


def test_other_methods_are_refused(client, big_release):
    for method in (client.post, client.put, client.delete):
        assert method(URL).status_code == 405


@pytest.mark.parametrize("method", ["get", "head"])
def test_if_none_match_and_if_modified_since_give_304(client, big_release, method):
    send = getattr(client, method)
    etag, modified = client.head(URL)["ETag"], client.head(URL)["Last-Modified"]
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_NONE_MATCH": f'"other", {etag}'}, {"HTTP_IF_NONE_MATCH": "*"},
                    {"HTTP_IF_MODIFIED_SINCE": modified}, {"HTTP_IF_NONE_MATCH": etag, "HTTP_RANGE": "bytes=0-9"}):
        response = send(URL, **headers)
        assert response.status_code == 304, headers
        assert response.content == b"" and response["ETag"] == etag and response["Cache-Control"].endswith("immutable")
    earlier = http_date((big_release.created_at - timedelta(days=1)).timestamp())
    assert send(URL, HTTP_IF_NONE_MATCH='"another-file"').status_code == 200
    assert send(URL, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110 section 13.2.2).
    assert send(URL, HTTP_IF_NONE_MATCH='"another-file"', HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    assert send(URL, HTTP_IF_MATCH='"another-file"').status_code == 412


@pytest.mark.parametrize("header, start, end", [
    ("bytes=0-9", 0, 9),
    ("bytes=4090-200000", 4090, 200000),  # across FileResponse's block boundaries
    ("bytes=260000-", 260000, len(BIG) - 1),
    ("bytes=-100", len(BIG) - 100, len(BIG) - 1),
    (f"bytes={len(BIG) - 5}-{len(BIG) + 1000}", len(BIG) - 5, len(BIG) - 1),  # across the end of the file
    ("bytes=-99999999", 0, len(BIG) - 1),  # a suffix longer than the file: all of it
    (" bytes=5-5 ", 5, 5),
])
def test_a_byte_range_gives_206(client, big_release, header, start, end):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(BIG)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == BIG[start:end + 1]
    assert response["ETag"] == client.head(URL)["ETag"]


@pytest.mark.parametrize("header", [f"bytes={len(BIG)}-", f"bytes={len(BIG) + 10}-{len(BIG) + 20}", "bytes=-0"])
def test_an_unsatisfiable_range_gives_416(client, big_release, header):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 416 and response["Content-Range"] == f"bytes */{len(BIG)}"
    assert response.content == b""


@pytest.mark.parametrize("header", ["bytes=0-9,20-29", "bytes=abc", "items=0-9", "bytes=9-0", "bytes=-"])
def test_several_or_malformed_ranges_get_the_whole_file(client, big_release, header):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 200 and body(response) == BIG and "Content-Range" not in response


def test_if_range_serves_the_range_only_for_this_file(client, big_release):
    etag, modified = client.head(URL)["ETag"], client.head(URL)["Last-Modified"]
    assert client.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag).status_code == 206
    assert client.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=modified).status_code == 206
    for stale in ('"another-file"', f"W/{etag}", "Mon, 01 Jan 2024 00:00:00 GMT", "not a date"):
        response = client.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=stale)
        assert response.status_code == 200 and body(response) == BIG, stale


@pytest.mark.parametrize("who", [None, "learner", "trainer", "maintainer"])
def test_downloads_are_public_and_the_same_for_everyone(client, big_release, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.head(URL).status_code == 200
    response = client.get(URL, HTTP_RANGE="bytes=10-19")
    assert response.status_code == 206 and body(response) == BIG[10:20]
