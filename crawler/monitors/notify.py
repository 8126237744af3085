"""Notifications of a run's health: an email (SMTP) and a webhook (JSON POST).

Both are off until configured (``HEALTH_EMAIL_TO`` + ``HEALTH_SMTP_HOST``, or
``HEALTH_WEBHOOK_URL``) and, by default, sent only when a monitor failed
(``HEALTH_NOTIFY_ON = "always"`` sends every run's). They are sent synchronously with a
timeout (``HEALTH_NOTIFY_TIMEOUT``, seconds) while the spider closes, so the process never
exits before they left; a failure to send is logged, never fatal.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from email.message import EmailMessage
from typing import Any

from spidermon.core.actions import Action
from spidermon.exceptions import SkipAction

from crawler.monitors.report import build_report, summary_line

logger = logging.getLogger(__name__)


class Notification(Action):
    """Shared: the notify-on policy, the report and the subject line."""

    def __init__(self, notify_on: str = "failure", timeout: float = 10.0, **config: Any) -> None:
        super().__init__()
        self.notify_on = notify_on
        self.timeout = timeout
        self.config = config

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        settings = crawler.settings
        return {"notify_on": settings.get("HEALTH_NOTIFY_ON", "failure"),
                "timeout": settings.getfloat("HEALTH_NOTIFY_TIMEOUT", 10.0),
                **cls.config_from(settings)}

    @classmethod
    def config_from(cls, settings: Any) -> dict[str, Any]:
        return {}

    def report(self) -> dict[str, Any]:
        report = build_report(self.result, self.data.crawler.stats.get_stats())
        if report["passed"] and self.notify_on != "always":
            raise SkipAction("every monitor passed")
        return report

    def subject(self, report: dict[str, Any]) -> str:
        verdict = "ok" if report["passed"] else "FAILED"
        return f"[asianlite-archive] crawl run {report['run_id']} health {verdict}"


class EmailNotification(Notification):
    @classmethod
    def config_from(cls, settings: Any) -> dict[str, Any]:
        return {
            "to": settings.getlist("HEALTH_EMAIL_TO"),
            "sender": settings.get("HEALTH_EMAIL_FROM", "asianlite-archive@localhost"),
            "host": settings.get("HEALTH_SMTP_HOST", ""),
            "port": settings.getint("HEALTH_SMTP_PORT", 25),
            "user": settings.get("HEALTH_SMTP_USER", ""),
            "password": settings.get("HEALTH_SMTP_PASSWORD", ""),
            "starttls": settings.getbool("HEALTH_SMTP_STARTTLS", False),
        }

    def run_action(self) -> None:
        if not self.config["to"] or not self.config["host"]:
            raise SkipAction("no HEALTH_EMAIL_TO / HEALTH_SMTP_HOST")
        report = self.report()
        message = EmailMessage()
        message["Subject"] = self.subject(report)
        message["From"] = self.config["sender"]
        message["To"] = ", ".join(self.config["to"])
        message.set_content(email_body(report))
        self._send(message)
        logger.info("health email sent to %s", message["To"])

    def _send(self, message: EmailMessage) -> None:
        o = self.config
        with smtplib.SMTP(o["host"], o["port"], timeout=self.timeout) as smtp:
            if o["starttls"]:
                smtp.starttls()
            if o["user"]:
                smtp.login(o["user"], o["password"])
            smtp.send_message(message)


class WebhookNotification(Notification):
    @classmethod
    def config_from(cls, settings: Any) -> dict[str, Any]:
        return {"url": settings.get("HEALTH_WEBHOOK_URL", "")}

    def run_action(self) -> None:
        url = self.config["url"]
        if not url:
            raise SkipAction("no HEALTH_WEBHOOK_URL")
        report = self.report()
        payload = {"text": summary_line(report), "subject": self.subject(report), "report": report}
        request = urllib.request.Request(
            url, data=json.dumps(payload, default=str).encode("utf-8"),
            headers={"Content-Type": "application/json"}, method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - configured URL
            logger.info("health webhook %s answered HTTP %s", url, answer.status)


def email_body(report: dict[str, Any]) -> str:
    """Plain text: the summary, every monitor, the drift alarms."""
    lines = [summary_line(report), ""]
    for monitor in report["monitors"]:
        why = f": {monitor['reason']}" if monitor["reason"] and monitor["status"] != "passed" else ""
        lines.append(f"  {monitor['status']:7} {monitor['name']}{why}")
    for alarm in report["drift"]:
        lines.append(f"  drift   {alarm['message']}")
    return "\n".join(lines) + "\n"
