"""php-fpm and nginx for the WordPress harness, each with its own config in the run's temp dir.

php-fpm listens on a unix socket in the run dir; nginx listens on ``127.0.0.1:PORT`` only and
hands every path that is not a file (permalinks, ``/wp-sitemap.xml``, ``/feed``) to
``index.php``, the way WordPress's own nginx recipe does. Both run in the foreground as child
processes and are stopped with SIGQUIT/SIGTERM.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

START_TIMEOUT = 30.0


def find_php_fpm() -> str | None:
    found = shutil.which("php-fpm") or shutil.which("php-fpm8.2")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/sbin/php-fpm*"))
    return candidates[-1] if candidates else None


def find_nginx() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


FPM_CONF = """[global]
pid = {run}/php-fpm.pid
error_log = {run}/php-fpm.log
daemonize = no

[wordpress]
listen = {run}/php-fpm.sock
listen.mode = 0666
{user}pm = static
pm.max_children = 4
clear_env = yes
catch_workers_output = yes
php_admin_value[error_log] = {run}/php-errors.log
php_admin_flag[log_errors] = on
php_admin_value[display_errors] = off
php_admin_value[memory_limit] = 256M
"""

NGINX_CONF = """{user}worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/nginx-tmp/body;
    fastcgi_temp_path {run}/nginx-tmp/fastcgi;
    proxy_temp_path {run}/nginx-tmp/proxy;
    uwsgi_temp_path {run}/nginx-tmp/uwsgi;
    scgi_temp_path {run}/nginx-tmp/scgi;
    server {{
        listen {host}:{port};
        server_name _;
        root {docroot};
        index index.php;
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ \\.php$ {{
            try_files $uri =404;
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_param HTTP_HOST $http_host;
            fastcgi_pass unix:{run}/php-fpm.sock;
        }}
    }}
}}
"""


class WebServer:
    """php-fpm + nginx serving ``docroot`` at ``http://host:port``."""

    def __init__(self, run_dir: Path, docroot: Path, host: str = "127.0.0.1",
                 port: int | None = None) -> None:
        fpm, nginx = find_php_fpm(), find_nginx()
        if fpm is None or nginx is None:
            raise RuntimeError("php-fpm and nginx must be installed")
        self.fpm_bin, self.nginx_bin = fpm, nginx
        self.run_dir, self.docroot, self.host = run_dir, docroot, host
        self.port = port or free_port(host)
        self.processes: list[subprocess.Popen[bytes]] = []

    def _write_configs(self) -> tuple[Path, Path]:
        root = os.geteuid() == 0
        (self.run_dir / "nginx-tmp").mkdir(parents=True, exist_ok=True)
        fpm_conf = self.run_dir / "php-fpm.conf"
        fpm_conf.write_text(FPM_CONF.format(run=self.run_dir, user="user = root\ngroup = root\n" if root else ""))
        nginx_conf = self.run_dir / "nginx.conf"
        nginx_conf.write_text(NGINX_CONF.format(
            run=self.run_dir, host=self.host, port=self.port, docroot=self.docroot,
            user="user root root;\n" if root else ""))
        return fpm_conf, nginx_conf

    def start(self) -> WebServer:
        fpm_conf, nginx_conf = self._write_configs()
        fpm = [self.fpm_bin, "--nodaemonize", "--fpm-config", str(fpm_conf), "--prefix", str(self.run_dir)]
        if os.geteuid() == 0:
            fpm.append("--allow-to-run-as-root")
        self.processes.append(subprocess.Popen(fpm, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self._wait_for(lambda: (self.run_dir / "php-fpm.sock").exists(), "php-fpm", "php-fpm.log")
        nginx = [self.nginx_bin, "-c", str(nginx_conf), "-p", str(self.run_dir), "-e",
                 str(self.run_dir / "nginx-error.log"), "-g", "daemon off;"]
        self.processes.append(subprocess.Popen(nginx, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self._wait_for(self._port_open, "nginx", "nginx-error.log")
        return self

    def _port_open(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1):
                return True
        except OSError:
            return False

    def _wait_for(self, ready: Callable[[], bool], name: str, log: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                break
            if ready():
                return
            time.sleep(0.05)
        path = self.run_dir / log
        detail = path.read_text(errors="replace")[-2000:] if path.exists() else ""
        self.stop()
        raise RuntimeError(f"{name} did not start: {detail}")

    def stop(self) -> None:
        """nginx first (graceful quit), then php-fpm; every wait bounded."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        self.processes.clear()
