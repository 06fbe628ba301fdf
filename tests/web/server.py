"""A small HTTP server on 127.0.0.1 for factdesk's web capture tests.

Usage: python3 server.py PDF_FILE
Prints the port it listens on as the first line of stdout, then serves until killed, or
for at most LIFETIME seconds. It never connects anywhere itself.
"""

import gzip
import http.server
import socketserver
import sys
import threading
import time
import zlib

LIFETIME = 300
PDF = open(sys.argv[1], "rb").read()
COUNTER = {"n": 0}

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Hafenbericht Rason</title>
<meta property="og:site_name" content="Testzeitung">
<meta property="article:published_time" content="2023-10-20T08:00:00Z">
</head><body>
<header><nav><a href="/">Startseite</a> <a href="/politik">Menuepunkt Politik</a></nav></header>
<main><article><h1>Hafenbericht Rason</h1>
<p>Im Hafen Rason wurden am Freitag 300 Container verladen, sagte der Hafenmeister.</p>
<p>Er sagte: \u201eDie Schiffe fuhren nach Wladiwostok.\u201c</p>
</article></main>
<footer>Impressum Fusszeilentext Datenschutz</footer>
</body></html>
"""

CP1252 = (
    "<html><head><title>Stra\u00dfenbericht</title></head><body><main>"
    "<p>Die Stra\u00dfe nach M\u00fcnchen f\u00fchrt \u00fcber die Br\u00fccke, "
    "\u201eso der B\u00fcrgermeister\u201c, f\u00fcr 5 \u20ac.</p></main></body></html>"
).encode("cp1252")

ZIPPED = (
    "<html><head><title>Gepackte Seite</title></head><body><main>"
    "<p>Diese Seite kam komprimiert als gzip an, mit dem Wort Kompressionsprobe.</p>"
    "</main></body></html>"
).encode("utf-8")


CP1252_META = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    "<title>Gr\u00fc\u00dfe aus K\u00f6ln</title></head><body><main>"
    "<p>Nur das Dokument nennt seinen Zeichensatz: Stra\u00dfenbahnm\u00fcnze.</p>"
    "</main></body></html>"
).encode("cp1252")


def encoded_page(word):
    return ("<html><head><title>%s</title></head><body><main><p>Kodiert mit dem Wort %s.</p>"
            "</main></body></html>" % (word, word)).encode("utf-8")


def brotli_stored(data):
    """A valid brotli stream (RFC 7932) holding `data` in one uncompressed meta-block: Python
    has no brotli compressor without extra packages, and the decoder must still be real."""
    assert 0 < len(data) <= 65520
    # WBITS=16 (bit 0 = 0), ISLAST=0, MNIBBLES=4 (0), MLEN-1 in 16 bits, ISUNCOMPRESSED=1.
    header = ((len(data) - 1) << 4) | (1 << 20)
    # Then byte-aligned data, then an empty last meta-block (ISLAST=1, ISLASTEMPTY=1).
    return header.to_bytes(3, "little") + data + b"\x03"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="text/html; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status, to):
        self.send(status, b"moved", extra=[("Location", to)])

    def do_GET(self):
        path = self.path
        if path == "/page":
            self.send(200, PAGE.encode("utf-8"))
        elif path == "/ua":
            self.send(200, ("<p>User-Agent was: %s</p>" % self.headers.get("User-Agent")).encode())
        elif path == "/moved":
            self.redirect(301, "/page")
        elif path == "/loop-a":
            self.redirect(302, "/loop-b")
        elif path == "/loop-b":
            self.redirect(302, "http://127.0.0.1:%d/loop-a" % self.server.server_port)
        elif path == "/missing":
            self.send(404, b"<h1>Not Found</h1>")
        elif path == "/broken":
            self.send(500, b"<h1>Internal Server Error</h1>")
        elif path == "/cp1252":
            self.send(200, CP1252, "text/html; charset=windows-1252")
        elif path == "/gzip":
            self.send(200, gzip.compress(ZIPPED), extra=[("Content-Encoding", "gzip")])
        elif path == "/cp1252-meta":
            self.send(200, CP1252_META, "text/html")
        elif path == "/deflate":
            self.send(200, zlib.compress(encoded_page("Zlibprobe")), extra=[("Content-Encoding", "deflate")])
        elif path == "/raw-deflate":
            z = zlib.compressobj(wbits=-15)
            body = z.compress(encoded_page("Rohdeflateprobe")) + z.flush()
            self.send(200, body, extra=[("Content-Encoding", "deflate")])
        elif path == "/brotli":
            self.send(200, brotli_stored(encoded_page("Brotliprobe")), extra=[("Content-Encoding", "br")])
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in [b"Gestueckelte Antwort ", b"in drei Teilen ", b"mit Stueckwort.\n"]:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow":
            time.sleep(4)
            self.send(200, b"<p>too late</p>")
        elif path == "/stall":
            # Headers and half the body at once, then silence longer than the test's timeout.
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "2000")
            self.end_headers()
            self.wfile.write(b"<main><p>Angefangen" + b" x" * 500)
            self.wfile.flush()
            time.sleep(4)
            self.close_connection = True
        elif path == "/big-declared":
            # Announces more than the limit: refused before any of the body is read.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(8 * 1024 * 1024))
            self.end_headers()
            try:
                self.wfile.write(b"grosse Datei " * 1000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"endlos " * 8192
            deadline = time.time() + 30
            try:
                # Bounded: 30 s or 256 MiB, whichever comes first.
                for _ in range(256 * 1024 * 1024 // len(chunk)):
                    if time.time() > deadline:
                        break
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif path == "/report.pdf":
            self.send(200, PDF, "application/pdf")
        elif path == "/data.json":
            self.send(200, b'{"quelle":"Statistikamt","wert":1000,"einheit":"Container"}', "application/json")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image/png")
        elif path == "/counter":
            COUNTER["n"] += 1
            self.send(200, ("<main><p>Zaehlerstand Nummer %d heute.</p></main>" % COUNTER["n"]).encode())
        elif path == "/same":
            self.send(200, b"<main><p>Immer derselbe Wortlaut der Seite.</p></main>")
        else:
            self.send(404, b"no such test page")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A TLS handshake sent to this plain server (the TLS-error test) is garbage to it.
        pass


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_port, flush=True)
    threading.Timer(LIFETIME, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
