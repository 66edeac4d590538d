"""Portrait photos: a stored JPEG near print size is embedded as it is, unless damaged."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.reports.briefing.photos import PhotoError, portrait_jpeg


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(out, "JPEG", quality=90)
    return out.getvalue()


def test_a_jpeg_near_print_size_is_kept_byte_for_byte_with_its_full_size() -> None:
    content = _jpeg(400, 500)
    jpeg, width, height = portrait_jpeg(content)
    assert jpeg == content
    assert (width, height) == (400, 500)


def test_a_truncated_jpeg_is_refused_not_embedded() -> None:
    content = _jpeg(400, 500)
    with pytest.raises(PhotoError):
        portrait_jpeg(content[: len(content) // 2])


def test_a_large_photo_is_scaled_down() -> None:
    _jpeg_bytes, width, height = portrait_jpeg(_jpeg(2400, 3000))
    assert width < 600
    assert height < 700


def test_a_jpeg_cut_just_before_its_end_marker_is_refused() -> None:
    content = _jpeg(400, 500)
    with pytest.raises(PhotoError):
        portrait_jpeg(content[: len(content) * 9 // 10])


def test_a_complete_jpeg_with_bytes_appended_is_still_kept() -> None:
    content = _jpeg(400, 500) + b"camera trailer"
    jpeg, width, height = portrait_jpeg(content)
    assert jpeg == content
    assert (width, height) == (400, 500)
