"""The people page: the list, and the selected person's card with a photo drop area."""

from __future__ import annotations

import html
import mimetypes
import uuid
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import ProtocolDeskError
from app.model import Person, StoredFile
from app.services import records
from ui import settings
from ui.commands import SetPhoto
from ui.context import DataContext
from ui.editors.specs import SPECS
from ui.models.lists import PeopleModel
from ui.views.panel import RecordListPanel

PHOTO_SIZE = 180
MAX_PHOTO_BYTES = 20 * 1024 * 1024


class PhotoDrop(QLabel):
    """Shows a photo scaled; accepts an image file dropped on it."""

    file_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photo")
        self.setAcceptDrops(True)
        self.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#photo { border: 1px dashed #888; }")
        self.show_placeholder()

    def show_placeholder(self) -> None:
        self.setPixmap(QPixmap())
        self.setText("Drop a photo here")

    def show_image(self, content: bytes) -> bool:
        image = QImage.fromData(QByteArray(content))
        if image.isNull():
            return False
        scaled = QPixmap.fromImage(image).scaled(
            PHOTO_SIZE - 4,
            PHOTO_SIZE - 4,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.setPixmap(scaled)
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.file_dropped.emit(urls[0].toLocalFile())


class PersonCard(QWidget):
    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id: uuid.UUID | None = None
        self.photo = PhotoDrop(self)
        self.photo.file_dropped.connect(self.set_photo_from_file)
        self.choose = QPushButton("Choose photo…", self)
        self.choose.setObjectName("choose_photo")
        self.choose.clicked.connect(self.choose_photo)
        self.details = QLabel(self)
        self.details.setObjectName("person_details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.details, 1)
        context.watch(
            self,
            {"Person", "StoredFile", "Organisation"},
            lambda _changes: self.show_person(self.person_id),
        )
        self.show_person(None)

    def show_person(self, person_id: uuid.UUID | None) -> None:
        self.person_id = person_id
        self.choose.setEnabled(person_id is not None)
        self.photo.setEnabled(person_id is not None)
        if person_id is None:
            self.details.setText("<i>Select a person.</i>")
            self.photo.show_placeholder()
            return
        with self.context.db.session() as session:
            person = session.get(Person, person_id)
            if person is None or person.is_deleted:
                self.show_person(None)
                return
            facts = [
                ("Position", person.position),
                ("Organisation", person.organisation.display_name if person.organisation else None),
                ("Country", person.country.name_en if person.country else None),
                ("Other spellings", ", ".join(person.alt_spellings or [])),
                ("Languages", ", ".join(person.languages or [])),
                ("Pronunciation", person.pronunciation),
                ("Dietary needs", person.dietary_needs),
                ("E-mail", person.email),
                ("Phone", person.phone),
            ]
            name = " ".join(p for p in (person.honorific, person.full_name) if p)
            native = (
                f"<br><span style='font-size:16pt'>{html.escape(person.native_name)}</span>"
                if person.native_name
                else ""
            )
            body = "".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}<br>" for k, v in facts if v)
            self.details.setText(f"<h3>{html.escape(name)}{native}</h3>{body}")
            photo = person.photo
            content = photo.content if photo is not None and not photo.is_deleted else None
        if not content or not self.photo.show_image(content):
            self.photo.show_placeholder()

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a photo",
            "",
            "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)",
        )
        if path:
            self.set_photo_from_file(path)

    def set_photo_from_file(self, path: str) -> bool:
        if self.person_id is None:
            return False
        file = Path(path)
        try:
            content = file.read_bytes() if file.stat().st_size <= MAX_PHOTO_BYTES else b""
        except OSError as error:
            QMessageBox.warning(
                self, "Photo not set", f"{file.name} cannot be read: {error.strerror}."
            )
            return False
        image = QImage.fromData(QByteArray(content))
        if image.isNull():
            QMessageBox.warning(
                self,
                "Photo not set",
                f"{file.name} is not an image that can be shown (use a PNG, JPEG, GIF, BMP or "
                "WebP file of at most 20 MB). The person's photo is unchanged.",
            )
            return False
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        try:
            self.context.submit(
                SetPhoto(self.context, self.person_id, file.name, media_type, content)
            )
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Photo not set", str(error))
            return False
        return True


class PeoplePage(QSplitter):
    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("people_page")
        self.panel = RecordListPanel(
            context,
            PeopleModel(context),
            SPECS[Person],
            "people",
            empty_text="No people yet. Add someone with New (Ctrl+N).",
        )
        self.card = PersonCard(context)
        self.addWidget(self.panel)
        self.addWidget(self.card)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 1)
        self.panel.selection_changed.connect(self.card.show_person)
        settings.restore_splitter(self, "people")


def stored_photo(context: DataContext, person_id: uuid.UUID) -> StoredFile | None:
    with context.db.session() as session:
        person = records.get(session, Person, person_id)
        photo = person.photo
        if photo is not None:
            _ = photo.content
        return photo
