"""An outside pack (new ids) whose lessons carry several images: importing it stores files."""

import io
import uuid

from PIL import Image

from tests.modules.packs.snapshots import snapshot_manifest
from tests.modules.packs.pack_zip import pack_zip
from tests.modules.packs.pack_zip import renumber


def png(number):
    buffer = io.BytesIO()
    Image.new("RGB", (8 + number, 8), (number * 37 % 256, number * 91 % 256, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def outside_pack(slug="alpine-fork", images=6):
    manifest = renumber(snapshot_manifest("itg-t2"), slug=slug)
    manifest["modules"] = manifest["modules"][2:4]
    lessons = [lesson for module in manifest["modules"] for lesson in module["lessons"]]
    media = {}
    for number in range(images):
        path = f"media/images/picture-{number}.png"
        media[path] = png(number)
        lessons[number % len(lessons)]["blocks"].append(
            {"id": str(uuid.uuid4()), "type": "image", "value": {"file": path, "alt_text": f"Picture {number}", "caption": ""}})
    return pack_zip(manifest, media)
