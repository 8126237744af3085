"""A headless Debian Chromium driven by selenium, for the reading room's browser tests.

Nothing is downloaded: the browser and its driver are the installed ``/usr/bin/chromium`` and
``/usr/bin/chromedriver`` (Debian packages ``chromium`` and ``chromium-driver``, installed by
``.ci/run``), given explicitly so Selenium Manager never runs (``SE_OFFLINE`` as well). The
browser resolves no host but 127.0.0.1: every other name fails, so a page's remote images (the
archive keeps their asianlite.com URLs) cost no traffic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("READING_ROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("READING_ROOM_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--hide-scrollbars", "--force-device-scale-factor=1",
)
PAGE_LOAD_SECONDS = 30


@contextmanager
def chromium(profile: Path, width: int = 1200, height: int = 900) -> Iterator[object]:
    """A selenium Chrome WebDriver on the installed Chromium with a fresh profile in ``profile``."""
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a driver or browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for binary in (CHROMIUM, CHROMEDRIVER):
        assert binary.exists(), f"{binary} is missing: apt-get install chromium chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def emulate_width(driver: object, width: int, height: int = 844, mobile: bool = True) -> None:
    """Lay pages out at ``width`` CSS pixels, as a phone does (headless windows cannot be made
    narrower than 500 pixels, so the viewport is set through the DevTools protocol)."""
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def horizontal_overflow(driver: object) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scroll)."""
    script = "return document.scrollingElement.scrollWidth - window.innerWidth"
    return int(driver.execute_script(script))  # type: ignore[attr-defined]
