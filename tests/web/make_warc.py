"""Writes a WARC file with warcio, as other archiving tools do, for factdesk's import test.

Usage: python3 make_warc.py OUT.warc.gz PDF_FILE [OUT.wacz]
With OUT.wacz, also packs the WARC into a WACZ collection (archive/, pages/, datapackage.json),
as ArchiveWeb.page and browsertrix write them.
Pages: an HTML article, a plain-text note, a PDF, plus a redirect, an image and a 404 that an
import must leave out. Nothing is fetched: every record is built here.
"""

import json
import sys
import zipfile
from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

out_path, pdf_path = sys.argv[1], sys.argv[2]
pdf = open(pdf_path, "rb").read()

ARTICLE = """<html><head><title>Archivierter Artikel</title></head><body>
<nav>Navigation Menue</nav><main><p>Der Pegel des Rheins lag bei Kaub bei 78 Zentimetern,
meldete das Wasserstraszenamt am Montag.</p></main><footer>Fusszeile</footer></body></html>
""".encode("utf-8")


def response(writer, uri, status, ctype, body, date, extra=()):
    headers = [("Content-Type", ctype), ("Content-Length", str(len(body)))] + list(extra)
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    rec = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    req_http = StatusAndHeaders("GET / HTTP/1.1", [("Host", uri.split("/")[2])], is_http_request=True)
    req = writer.create_warc_record(
        uri, "request", http_headers=req_http, warc_headers_dict={"WARC-Date": date}
    )
    req.rec_headers.add_header("WARC-Concurrent-To", rec.rec_headers.get_header("WARC-Record-ID"))
    writer.write_record(req)
    writer.write_record(rec)


with open(out_path, "wb") as f:
    writer = WARCWriter(f, gzip=True)
    writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "warcio test"}))
    response(writer, "http://archiv.example/artikel", "200 OK", "text/html; charset=utf-8",
             ARTICLE, "2024-03-04T10:11:12Z")
    response(writer, "http://archiv.example/alt", "301 Moved Permanently", "text/html",
             b"moved", "2024-03-04T10:11:13Z", [("Location", "/artikel")])
    response(writer, "http://archiv.example/notiz.txt", "200 OK", "text/plain; charset=utf-8",
             "Notiz zum Pegelstand: Niedrigwasser am Mittelrhein.\n".encode(), "2024-03-04T10:11:14Z")
    response(writer, "http://archiv.example/bericht.pdf", "200 OK", "application/pdf",
             pdf, "2024-03-04T10:11:15Z")
    response(writer, "http://archiv.example/logo.png", "200 OK", "image/png",
             b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "2024-03-04T10:11:16Z")
    response(writer, "http://archiv.example/weg", "404 Not Found", "text/html",
             b"<h1>Not Found</h1>", "2024-03-04T10:11:17Z")

if len(sys.argv) > 3:
    with zipfile.ZipFile(sys.argv[3], "w") as z:
        # WACZ stores its WARCs uncompressed in the zip (they are gzipped already).
        z.write(out_path, "archive/data.warc.gz", compress_type=zipfile.ZIP_STORED)
        pages = [{"format": "json-pages-1.0", "id": "pages"},
                 {"url": "http://archiv.example/artikel", "ts": "2024-03-04T10:11:12Z"}]
        z.writestr("pages/pages.jsonl", "\n".join(json.dumps(p) for p in pages) + "\n",
                   compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                   "resources": [{"path": "archive/data.warc.gz"}]}),
                   compress_type=zipfile.ZIP_DEFLATED)
