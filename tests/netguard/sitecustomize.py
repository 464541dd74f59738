"""No network for the tests or anything they start: only this machine may be reached.

tests/conftest.py puts this folder first on PYTHONPATH, so every Python process the tests start
(notebook kernels under nbval and nbclient, the JupyterLab server, command-line runs) imports this
file at start-up, as Python does with any ``sitecustomize`` module.  Connections to loopback
addresses and local (Unix) sockets work as usual; any other connection or DNS look-up raises
OSError and is written to the file named by $COURSE_NETGUARD_LOG, which conftest.py checks at the
end of the run.
"""

from __future__ import annotations

import ipaddress
import os
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _refuse(what: str, target) -> None:
    log = os.environ.get("COURSE_NETGUARD_LOG")
    if log:
        try:
            with open(log, "a", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {what} {target!r}\n")
        except OSError:
            pass
    raise OSError(f"network access blocked during the course's tests: {what} {target!r}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def _check(sock: socket.socket, address, what: str) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and not _is_local(address[0]):
        _refuse(what, address)


def connect(self, address):
    _check(self, address, "connect")
    return _connect(self, address)


def connect_ex(self, address):
    _check(self, address, "connect")
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1] if args else None
    _check(self, address, "sendto")
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.getaddrinfo = getaddrinfo
