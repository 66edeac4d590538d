"""Linux desktop integration files: valid by the freedesktop tools, and consistent."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from configparser import ConfigParser
from pathlib import Path

import pytest
from PIL import Image

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.protocoldesk.ProtocolDesk"
DESKTOP = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} ({package}) is required in CI")
        pytest.skip(f"{name} not installed")
    return path


def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # not even a hint


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W:" not in result.stdout, result.stdout
    assert "E:" not in result.stdout, result.stdout


def test_ids_icon_and_version_agree() -> None:
    entry = ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    component = ElementTree.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    newest = component.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256, 512])
def test_icon_png_sizes_are_what_their_names_say(size: int) -> None:
    with Image.open(ICONS / f"protocol-desk-{size}.png") as image:
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        # Rounded corners: the corner pixel is transparent, the centre is not.
        assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]
        assert image.getpixel((size // 2, size // 2))[3] == 255  # type: ignore[index]
