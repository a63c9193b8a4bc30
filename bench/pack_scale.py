#!/usr/bin/env python
"""Export and import time and peak memory for a synthetic kit of 60 modules x 10 lessons, at two
media sizes (default 20 MB and 200 MB). Peak memory staying flat while media grows tenfold shows
that exports and imports stream instead of buffering.

    .venv/bin/python bench/pack_scale.py [--modules 60] [--lessons 10] [--media-mb 20 200]

Each phase runs as its own `manage.py` process on its own SQLite database; wall time is measured
around it and peak resident memory read from the kernel's rusage for that process (os.wait4)."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADD_MEDIA = """
import os
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from modules.models import KitPage, LessonPage
import json
kit = KitPage.objects.get(slug="bench-kit")
lessons = [l for m in kit.live_modules() for l in LessonPage.objects.child_of(m).order_by("path")]
count, size = int(os.environ["BENCH_FILES"]), int(os.environ["BENCH_FILE_BYTES"])
for n in range(count):
    doc = get_document_model().objects.create(title=f"Annex {n}", file=ContentFile(os.urandom(size), name=f"annex-{n}.pdf"))
    lesson = lessons[n % len(lessons)]
    raw = list(lesson.body.raw_data) + [{"type": "document", "value": {"document": doc.pk, "description": "Synthetic annex"}}]
    lesson.body = json.dumps(raw)
    lesson.save_revision().publish()
"""


def run(env, *args):
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def site(folder):
    folder.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "ELEARN_MEDIA_ROOT": str(folder / "media")}


def measure(work, modules, lessons, media_mb):
    from tests.modules.pack_factory import write_pack

    source, target = site(work / f"source-{media_mb}"), site(work / f"target-{media_mb}")
    run(source, "migrate", "--no-input", "-v", "0")
    run(target, "migrate", "--no-input", "-v", "0")
    pack_dir = work / f"pack-{media_mb}"
    write_pack(pack_dir, slug="bench-kit", modules=modules, lessons=lessons)
    load_time, _ = run(source, "load_kits", str(pack_dir))
    files = 100
    media_env = {**source, "BENCH_FILES": str(files), "BENCH_FILE_BYTES": str(media_mb * 1024 * 1024 // files)}
    run(media_env, "shell", "--no-imports", "-c", ADD_MEDIA)
    export_time, export_rss = run(source, "release_kit", "bench-kit", "1.0.0")
    pack = next((work / f"source-{media_mb}" / "media" / "packs" / "bench-kit" / "1.0.0").glob("bench-kit-1.0.0.zip"))
    import_time, import_rss = run(target, "import_pack", str(pack))
    return {"media_mb": media_mb, "pack_mb": pack.stat().st_size / 1024 / 1024, "load_s": load_time,
            "export_s": export_time, "export_rss_mb": export_rss, "import_s": import_time, "import_rss_mb": import_rss}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", type=int, default=60)
    parser.add_argument("--lessons", type=int, default=10)
    parser.add_argument("--media-mb", type=int, nargs="+", default=[20, 200])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="elearn-bench-") as tmp:
        rows = [measure(Path(tmp), args.modules, args.lessons, mb) for mb in args.media_mb]
    print(f"Synthetic kit: {args.modules} modules x {args.lessons} lessons, quiz per module, 100 media files\n")
    print("| media | pack size | export time | export peak RSS | import time | import peak RSS |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['media_mb']} MB | {r['pack_mb']:.0f} MB | {r['export_s']:.1f} s | {r['export_rss_mb']:.0f} MB | {r['import_s']:.1f} s | {r['import_rss_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
