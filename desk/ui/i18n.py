"""The UI language. Source strings are English; Bulgarian, the default, comes from a .qm file.

Switching installs or removes translators; Qt then sends every widget a
LanguageChange event, and each widget sets its texts again in ``retranslate``.

After changing a UI string (tests/ui/test_translations.py fails until this is done):

    pyside6-lupdate $(find desk/ui -name '*.py') \\
        -ts resources/translations/desk_bg.ts -no-obsolete -locations none
    # translate the new <message>s in desk_bg.ts (Qt Linguist, or by hand), then
    pyside6-lrelease resources/translations/desk_bg.ts -qm resources/translations/desk_bg.qm
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from desk import messages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    # mypy sees the mixin as the widget it is always mixed into, so that its
    # ``super().changeEvent`` is checked; at run time it is a plain class beside the
    # widget's own Qt base, as before.
    _MixedIntoWidget = QWidget
else:
    _MixedIntoWidget = object

DEFAULT_LANGUAGE = "bg"
# Each language is named in itself, so anyone can find their own in the menu.
LANGUAGES = {"bg": "Български", "en": "English"}
LOCALES = {
    "bg": QLocale(QLocale.Language.Bulgarian, QLocale.Country.Bulgaria),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for lupdate in ``context``; returns it as it is, to be translated
    when shown. PySide6's own marker does the same, but its stub returns ``object``, so
    a table of marked words would not be a ``dict[str, str]``. lupdate finds the mark
    by its name, which is why the name stays."""
    return source


class Translations:
    """The translators installed on one application; ``use`` switches between them."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"  # what the source strings are in

    def use(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
        # The locale first: widgets format numbers and months when LanguageChange reaches them.
        QLocale.setDefault(LOCALES[language])
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = [] if language == "en" else self._load(language)
        for translator in self._installed:
            self._app.installTranslator(translator)
        self.language = language
        # Services' messages are worded in the same language (desk/messages.py).
        messages.set_language(language)

    def _load(self, language: str) -> list[QTranslator]:
        ours = QTranslator(self._app)
        with resources.as_file(
            resources.files("desk_resources") / "translations" / f"desk_{language}.qm"
        ) as path:
            if not ours.load(str(path)):
                raise FileNotFoundError(f"translation not found or unreadable: {path}")
        # Qt's own strings: the buttons of standard dialogs (OK, Cancel, Show Details…).
        qt = QTranslator(self._app)
        qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        return [ours, qt]


class Retranslating(_MixedIntoWidget):
    """Mixin for widgets: calls ``retranslate()`` whenever the UI language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
