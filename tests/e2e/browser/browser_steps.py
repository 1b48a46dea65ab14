"""Steps the browser tests share: wait for the page's API calls, find a parcel by its code."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def wait_idle(page: Page) -> None:
    """Wait until no API request of the page is in flight."""
    expect(page.locator("body")).to_have_attribute("data-busy", "0")


def search_parcel(page: Page, code: str) -> None:
    """Search for a parcel by its code and wait for its card."""
    page.get_by_label("รหัสแปลง").fill(code)
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    expect(page.locator(f".parcel-card[data-code='{code}']")).to_be_visible()
    wait_idle(page)
