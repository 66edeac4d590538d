"""Portrait photos from stored files, made small enough for print and never fatal.

A photo that is missing, truncated or not an image gives ``None`` and a warning;
the profile then shows an empty frame. Photos are scaled to 300 dpi at their
printed size and re-encoded as JPEG, which reportlab embeds without re-compressing.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from app.reports.briefing.styles import PHOTO_HEIGHT, PHOTO_WIDTH

_PRINT_DPI = 300
_MAX_PIXELS = (round(PHOTO_WIDTH / 72 * _PRINT_DPI), round(PHOTO_HEIGHT / 72 * _PRINT_DPI))
# A stored JPEG up to this factor above print resolution is embedded as it is:
# re-sampling it would cost more time than the few kilobytes it saves.
_KEEP_FACTOR = 1.5


class PhotoError(Exception):
    """The stored bytes are not an image we can print."""


def portrait_jpeg(content: bytes) -> tuple[bytes, int, int]:
    """(JPEG bytes, width, height) of a photo scaled down to print resolution."""
    if not content:
        raise PhotoError("the stored file is empty")
    try:
        with warnings.catch_warnings():
            # A decompression-bomb warning must not become an error under pytest.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if _embeddable_as_stored(image):
                    width, height = image.size
                    if not _ends_complete(content):
                        # Possibly truncated: it must fail here, not in the PDF. Decoding
                        # at 1/8 scale still reads every byte, at a third of the cost.
                        image.draft(image.mode, (width // 8, height // 8))
                        image.load()
                    return content, width, height
                image.draft("RGB", _MAX_PIXELS)  # JPEG: decode at reduced size, much faster
                picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoError("not a readable image") from error
    picture.thumbnail(_MAX_PIXELS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=False)
    return out.getvalue(), picture.width, picture.height


def _ends_complete(content: bytes) -> bool:
    """Whether the JPEG ends with its end-of-image marker, as a complete file does.

    Checking the marker instead of decoding saves a third of a millisecond a photo,
    which a pack of a thousand profiles notices; a file without it (truncated, or
    with bytes appended by some cameras) is decoded to be sure.
    """
    return content.rstrip(b"\x00").endswith(b"\xff\xd9")


def _embeddable_as_stored(image: Image.Image) -> bool:
    """A baseline RGB or greyscale JPEG close to print resolution needs no re-encoding."""
    return (
        image.format == "JPEG"
        and image.mode in ("RGB", "L")
        and image.width <= _MAX_PIXELS[0] * _KEEP_FACTOR
        and image.height <= _MAX_PIXELS[1] * _KEEP_FACTOR
        and not image.info.get("progressive")
        and image.getexif().get(0x0112, 1) == 1  # no EXIF rotation to apply
    )
