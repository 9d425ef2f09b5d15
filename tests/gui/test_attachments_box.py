"""The supporting documents box of the form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from chorus_desktop.gui.attachments_box import AttachmentsBox


def test_lists_documents_and_announces_additions_and_removals(qtbot, monkeypatch, tmp_path) -> None:
    box = AttachmentsBox()
    qtbot.addWidget(box)
    box.show_documents("facture.pdf", ["bon-de-livraison.pdf", "devis.pdf"])
    assert box.main_attachment.text() == "Pièce principale : facture.pdf"
    assert [box.attachment_list.item(i).text() for i in range(box.attachment_list.count())] == [
        "bon-de-livraison.pdf", "devis.pdf"]
    chosen = tmp_path / "pv-de-reception.pdf"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_args, **_kw: ([str(chosen)], ""))
    add, remove = box.buttons
    with qtbot.waitSignal(box.attachment_added) as added:
        add.click()
    assert added.args == [Path(chosen)]
    removed: list[int] = []
    box.attachment_removed.connect(removed.append)
    remove.click()  # nothing selected: nothing removed
    box.attachment_list.setCurrentRow(1)
    remove.click()
    assert removed == [1]
    box.set_buttons_enabled(False)
    assert not add.isEnabled() and not remove.isEnabled()
