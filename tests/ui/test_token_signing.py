"""The report dialog signs on a USB token: choose it, give the module and label, type the PIN."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from carapp.services.sync.token_keys import issue_token_certificate, read_public_key
from carapp.sync.pki import certificate_from_pem
from carapp.ui.package_dialog import PackageDialog
from tests.services.test_sync_support import World
from tests.token_support import PIN, SoftToken
from tests.ui.support import Q1_2026, open_window, type_text
from tests.ui.sync_support import shown


def _token_for_blv(world: World, soft_token: SoftToken, tmp_path: Path) -> None:
    key_label, public_pem = soft_token.new_key("giao-dien")
    (tmp_path / "pub.pem").write_bytes(public_pem)
    issued = issue_token_certificate(
        world.city,
        "tester",
        world.ca,
        "BLV",
        "",
        read_public_key(tmp_path / "pub.pem"),
        tmp_path / "c.pem",
    )
    cert = certificate_from_pem(issued.path.read_text())
    soft_token.write_certificate("giao-dien", key_label, cert)


def test_report_signed_on_the_token_from_the_dialog(
    qtbot, world: World, settings, tmp_path: Path, soft_token: SoftToken
) -> None:
    _token_for_blv(world, soft_token, tmp_path)
    unit = open_window(qtbot, world.unit, settings)
    unit.set_period(Q1_2026)
    unit.actions_.send_report.trigger()
    dialog = shown(PackageDialog)
    (tmp_path / "usb").mkdir()
    dialog.folder.set_path(str(tmp_path / "usb"))
    dialog.key.source.setCurrentIndex(1)
    assert dialog.key.source.currentText() == "Khóa trên thiết bị ký số (USB token)"
    assert dialog.key.key_file.isHidden() and not dialog.key.token_module.isHidden()
    dialog.build_button.click()
    assert dialog.message.text() == "Hãy chọn tệp thư viện PKCS#11 của thiết bị ký số (.dll/.so)."
    dialog.key.token_module.set_path(soft_token.module)
    type_text(dialog.key.token_label, "giao-dien")
    type_text(dialog.key.passphrase, "000000")
    dialog.build_button.click()
    qtbot.waitUntil(lambda: dialog.build_button.isEnabled(), timeout=30_000)
    assert "Sai mã PIN của thiết bị ký số “giao-dien”" in dialog.message.text()
    assert not any((tmp_path / "usb").iterdir())

    dialog.key.passphrase.clear()
    type_text(dialog.key.passphrase, PIN)
    with qtbot.waitSignal(dialog.built, timeout=60_000) as built:
        dialog.build_button.click()
    package = Path(built.args[0])
    assert dialog.key.passphrase.text() == ""  # the PIN is used once, then forgotten
    saved = "".join(str(settings.value(k)) for k in settings.allKeys())
    assert PIN not in saved
    dialog.close()
    if shutil.which("pdfsig"):
        with zipfile.ZipFile(package) as zf:
            zf.extract("phu-luc.pdf", tmp_path)
        out = subprocess.run(
            ["pdfsig", str(tmp_path / "phu-luc.pdf")], capture_output=True, text=True
        )
        assert "Signature is Valid" in out.stdout
