"""Big scans cost bounded memory (issue #17, defect 10): a JPEG finer than the
page needs is decoded already scaled down (libjpeg's DCT scaling through
Pillow's ``draft``) and placed at 300 dpi, instead of being decoded whole
(12000×9000 RGB is 324 MB of pixels, and reportlab copied them twice more)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import ROOT
from dossier.attachments import PASSTHROUGH_DPI, SCAN_DPI, scan_to_pdf
from test_bundle import _exif_jpeg, _red_top_blue_bottom

MM = 72 / 25.4

_BUNDLE = """
import sys
from pathlib import Path
from dossier.bundle import Cover, Part, build_bundle
cover = Cover(heading="HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN", ho_ten="Nguyễn Thị Hằng", ngay_sinh="12/05/2004",
              chi_bo="Chi bộ Khoa Công nghệ thông tin", dang_bo="Đảng bộ Trường Cao đẳng Công nghệ Bình Minh",
              author="Đảng ủy Trường Cao đẳng Công nghệ Bình Minh")
build_bundle([Part("GCN", "Giấy chứng nhận", Path(sys.argv[1]))], cover, Path(sys.argv[2]))
"""

_MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _image_dpi(pdf: Path, page: int = 0) -> tuple[Image.Image, float]:
    page = PdfReader(pdf).pages[page] if isinstance(pdf, Path) else PdfReader(io.BytesIO(pdf)).pages[page]
    (image,) = page.images
    content = page.get_contents().get_data().decode()
    matrix = re.search(r"([-\d.]+) [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ cm\s*/", content)  # the picture's
    width_points = float(matrix.group(1))
    return image.image, image.image.width / (width_points / 72)


@pytest.mark.slow
def test_bundling_a_12000_by_9000_jpeg_stays_under_400_mb(tmp_path):
    """Measured in a child process (RUSAGE_CHILDREN of a process that ran only the
    bundler): 1504 MB before, ~160 MB after."""
    big = tmp_path / "quet-600dpi.jpg"
    tile = Image.frombytes("RGB", (1500, 1125), os.urandom(1500 * 1125 * 3))
    tile.resize((12000, 9000), Image.NEAREST).save(big, "JPEG", quality=85)  # ~17 MB
    del tile
    bundle = tmp_path / "hoso.pdf"
    run = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-c", _BUNDLE, str(big), str(bundle)],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    peak_mb = int(run.stdout.split()[-1]) / 1024
    assert peak_mb < 400, f"bundling took {peak_mb:.0f} MB"
    assert "DecompressionBombWarning" not in run.stderr, run.stderr  # no English warning for a big scan
    picture, dpi = _image_dpi(bundle, 2)
    assert abs(dpi - SCAN_DPI) < 2, dpi
    assert picture.width > picture.height  # landscape picture, landscape page
    assert bundle.stat().st_size < big.stat().st_size / 2


def test_a_fine_jpeg_is_brought_to_300_dpi(tmp_path):
    path = tmp_path / "quet.jpg"
    _red_top_blue_bottom(2400, 3600).save(path, "JPEG", quality=90)  # ~380 dpi on the page: kept as it is
    picture, dpi = _image_dpi(scan_to_pdf(path))
    assert picture.size == (2400, 3600) and SCAN_DPI < dpi <= PASSTHROUGH_DPI
    _red_top_blue_bottom(3600, 5400).save(path, "JPEG", quality=90)  # ~570 dpi: brought to 300
    picture, dpi = _image_dpi(scan_to_pdf(path))
    assert abs(dpi - SCAN_DPI) < 2, dpi
    top, bottom = picture.convert("RGB").getpixel((100, 20)), picture.convert("RGB").getpixel((100, 3000))
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60


def test_a_big_turned_photo_is_scaled_and_upright(tmp_path):
    path = _exif_jpeg(tmp_path / "anh.jpg", _red_top_blue_bottom(3000, 6000), 6)
    picture, dpi = _image_dpi(scan_to_pdf(path))
    assert picture.height > picture.width and abs(dpi - SCAN_DPI) < 2, (picture.size, dpi)
    picture = picture.convert("RGB")
    top, bottom = picture.getpixel((picture.width // 2, 20)), picture.getpixel((picture.width // 2, picture.height - 20))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom
