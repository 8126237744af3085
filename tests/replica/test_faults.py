"""Each fault of the replica server does what it says."""

from __future__ import annotations

import http.client
import socket

import pytest

from tests.replica.client import fetch
from tests.replica.faults import Faults, parse_spec
from tests.replica.server import ReplicaServer


@pytest.fixture
def article(replica: ReplicaServer) -> str:
    return replica.site.path(replica.site.main_post_ids[-1])


def test_status_500(replica: ReplicaServer, article: str) -> None:
    fault = replica.faults.add("status", path=article)
    assert [fetch(replica.base_url, article).status for _ in range(3)] == [500, 500, 500]
    assert fault.hits == 3
    assert fetch(replica.base_url, "/").status == 200


def test_503_n_times_then_200(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("status", path=article, status=503, times=2)
    assert [fetch(replica.base_url, article).status for _ in range(4)] == [503, 503, 200, 200]
    assert [e["fault"] for e in replica.log][:3] == ["status", "status", None]


def test_429_with_retry_after(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("status", path=article, status=429, retry_after=7)
    response = fetch(replica.base_url, article)
    assert response.status == 429 and response.headers["Retry-After"] == "7"


def test_delay(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("delay", path=article, seconds=0.3)
    fetch(replica.base_url, "/")
    fetch(replica.base_url, article)
    plain, delayed = replica.log[0]["duration"], replica.log[1]["duration"]
    assert delayed >= 0.3 > plain


def test_truncated_body(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("truncate", path=article, keep=0.25)
    conn = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=10)
    conn.request("GET", article)
    response = conn.getresponse()
    declared = int(response.headers["Content-Length"])
    with pytest.raises(http.client.IncompleteRead) as info:
        response.read()
    assert len(info.value.partial) == int(declared * 0.25)
    conn.close()


def test_cut_body_has_no_length_and_ends_early(replica: ReplicaServer, article: str) -> None:
    whole = fetch(replica.base_url, article).body
    replica.faults.add("cut", path=article, keep=0.25)
    conn = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=10)
    conn.request("GET", article)
    response = conn.getresponse()
    assert response.headers["Content-Length"] is None
    body = response.read()  # no length: read to the close, no error to see
    conn.close()
    assert body == whole[: int(len(whole) * 0.25)] and b"</html>" not in body


def test_dropped_connection(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("drop", path=article, times=1)
    conn = http.client.HTTPConnection("127.0.0.1", replica.port, timeout=10)
    conn.request("GET", article)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        conn.getresponse()
    conn.close()
    assert fetch(replica.base_url, article).status == 200


def test_redirect_loop(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("redirect_loop", path=article)
    first = fetch(replica.base_url, article)
    second = fetch(replica.base_url, first.headers["Location"])
    assert first.status == second.status == 302
    assert first.headers["Location"] == f"{article}?loop=1"
    assert second.headers["Location"] == article


def test_wrong_charset(replica: ReplicaServer, article: str) -> None:
    clean = fetch(replica.base_url, article)
    replica.faults.add("wrong_charset", path=article)
    response = fetch(replica.base_url, article)
    assert "charset=iso-8859-1" in response.headers["Content-Type"]
    assert b'<meta charset="iso-8859-1">' in response.body
    assert response.body.decode("utf-8") == clean.text.replace(
        'charset="UTF-8"', 'charset="iso-8859-1"'
    )


def test_malformed_html(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("malformed", path=article)
    body = fetch(replica.base_url, article).text
    assert "</p>" not in body and "</html>" not in body and '<div class="broken" <span>' in body
    assert replica.site.title(replica.site.main_post_ids[-1]) in body


def test_enormous_page(replica: ReplicaServer, article: str) -> None:
    replica.faults.add("enormous", path=article, size=3_000_000)
    response = fetch(replica.base_url, article)
    assert len(response.body) == int(response.headers["Content-Length"]) == 3_000_000
    assert response.body.rstrip().endswith(b"</html>")


def test_share_is_seeded_and_partial(make_replica) -> None:
    server = make_replica(articles=200, seed=9)
    fault = server.faults.add("status", share=0.3, page_kind="article", status=500)
    paths = [server.site.path(pid) for pid in server.site.main_post_ids]
    statuses = [fetch(server.base_url, p).status for p in paths]
    failed = {p for p, s in zip(paths, statuses, strict=True) if s == 500}
    assert 0.15 * len(paths) < len(failed) < 0.45 * len(paths)
    assert fault.hits == len(failed)
    again = Faults(seed=9).add("status", share=0.3, page_kind="article", status=500)
    assert failed == {p for p in paths if again.selects(p, p, "article", "")}
    assert fetch(server.base_url, "/feed").status == 200


def test_bad_fault_specs_are_refused() -> None:
    faults = Faults()
    with pytest.raises(ValueError, match="unknown fault kind"):
        faults.add("explode")
    with pytest.raises(ValueError, match="no parameter"):
        faults.add("drop", status=3)
    with pytest.raises(ValueError, match="share"):
        faults.add("status", share=2)
    assert parse_spec("delay:seconds=0.5,page_kind=article") == (
        "delay",
        {"seconds": 0.5, "page_kind": "article"},
    )
    with pytest.raises(ValueError, match="key=value"):
        parse_spec("status:oops")


def test_server_survives_garbage_requests(replica: ReplicaServer) -> None:
    with socket.create_connection(("127.0.0.1", replica.port), timeout=5) as sock:
        sock.sendall(b"\x00\x01garbage\r\n\r\n")
        sock.recv(1024)
    assert fetch(replica.base_url, "/%ff%fe/../?p=").status == 404
    assert fetch(replica.base_url, "/", method="POST").status == 405
    assert fetch(replica.base_url, "/").status == 200
