"""A headless Chromium driven by Selenium, with the network cut off, for the map tests."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .helpers import unavailable

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def require_browser() -> None:
    """Skip (or, under CI, fail) when Debian's chromium and chromium-driver are missing."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    unavailable(
        "chromium and chromedriver are needed (apt-get install chromium chromium-driver; ./scripts/test does it as "
        "root)"
    )


class Browser:
    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="assetgraph-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--window-size=1600,1000",
            f"--user-data-dir={self.profile}",
        ):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
        )

    def open(self, path: Path, timeout: float = 60) -> float:
        """Open a local file and wait until the map has settled; returns the seconds it took."""
        self.driver.get_log("browser")
        self.driver.get_log("performance")
        start = time.perf_counter()
        self.driver.get(path.resolve().as_uri())
        while time.perf_counter() - start < timeout:
            if self.js("return !!(window.assetgraphMap && window.assetgraphMap.settled)"):
                return time.perf_counter() - start
            time.sleep(0.05)
        raise AssertionError(f"the map did not settle within {timeout} s")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def requested_urls(self) -> list[str]:
        import json

        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def console_errors(self) -> list[dict]:
        return [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def close(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)
