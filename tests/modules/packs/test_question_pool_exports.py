"""Question pools in every export: pack manifest (and its round trip), kit sources, Moodle XML, SCORM and
the offline copy, which draw in the browser with question-pool.js."""

import copy
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from modules.models import ModulePage, QuizPage
from modules.packs.errors import PackContentError
from modules.packs.loader import load_pack_archive
from modules.packs.manifest import validate_manifest
from modules.packs.moodle_xml import build_moodle_xml
from modules.packs.offline import write_offline_copy
from modules.packs.scorm import write_scorm_package
from modules.packs.source import FolderSource, read_quiz
from modules.packs.validate import check_pack
from modules.question_pool import draw_questions

from tests.modules.pool_js import POOL_JS, run_draw

from .pack_zip import pack_zip, renumber
from .snapshots import snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
ASK = 4


@pytest.fixture
def pooled_t1(sh1_quiz):
    sh1_quiz.questions_asked = ASK
    sh1_quiz.save_revision().publish()
    return snapshot_manifest("itg-t1")


def sh1(manifest):
    return next(m for m in manifest["modules"] if m["code"] == "SH-1")


def test_the_manifest_carries_ask_only_for_a_pool(pooled_t1, manifest_t2):
    assert sh1(pooled_t1)["quiz"]["ask"] == ASK
    validate_manifest(pooled_t1)
    # Quizzes without a pool have no `ask`, so their content hashes did not change; SH-1 is shared.
    assert "ask" in sh1(manifest_t2)["quiz"]
    assert all("ask" not in m["quiz"] for m in manifest_t2["modules"] if m["quiz"] and m["code"] != "SH-1")


@pytest.mark.parametrize("ask", [0, -1, "4", 201])
def test_the_schema_refuses_a_malformed_ask(pooled_t1, ask):
    sh1(pooled_t1)["quiz"]["ask"] = ask
    with pytest.raises(PackContentError, match="quiz/ask"):
        validate_manifest(pooled_t1)


def test_the_importer_refuses_ask_above_the_number_of_questions(pooled_t1):
    pack = {"format_version": pooled_t1["format_version"], "kit": pooled_t1["kit"], "modules": copy.deepcopy(pooled_t1["modules"])}
    quiz = sh1(pack)["quiz"]
    quiz["ask"] = len(quiz["questions"]) + 1
    with pytest.raises(PackContentError, match="Ask between 1 and"):
        check_pack(pack)


def test_a_pool_round_trips_through_a_pack(pooled_t1):
    fork = renumber(pooled_t1, slug="pool-fork")
    load_pack_archive(io.BytesIO(pack_zip(fork)), source="pool-fork-1.0.0.zip", publish=True)
    module = ModulePage.objects.get(slug="pool-fork-sh-1")
    imported = QuizPage.objects.child_of(module).get()
    assert imported.questions_asked == ASK and imported.asked_count == ASK
    # Imported again, unchanged: the pool is part of what "unchanged" compares.
    report = load_pack_archive(io.BytesIO(pack_zip(fork)), source="pool-fork-1.0.0.zip", publish=True)
    assert QuizPage.objects.get(pk=imported.pk).questions_asked == ASK
    assert report is not None


def test_assessment_only_questions_shrink_the_public_pool(sh1_quiz):
    raw = list(sh1_quiz.questions.raw_data)
    for block in raw[:-2]:
        block["value"]["assessment_only"] = True
    sh1_quiz.questions = json.dumps(raw)
    sh1_quiz.questions_asked = 3
    sh1_quiz.save_revision().publish()
    quiz = sh1(snapshot_manifest("itg-t1"))["quiz"]
    assert len(quiz["questions"]) == 2 and "ask" not in quiz  # 3 of 2 public questions: all of them


def test_kit_sources_read_ask_and_refuse_a_bad_one(settings):
    folder = FolderSource(settings.ELEARN_KIT_SOURCES[0])
    data = folder.read_yaml("modules/sh-1/quiz.yaml")
    assert "ask" not in read_quiz(data, "quiz.yaml")  # the kits' quizzes ask every question
    assert read_quiz({**data, "ask": 5}, "quiz.yaml")["ask"] == 5
    assert "ask" not in read_quiz({**data, "ask": None}, "quiz.yaml")
    with pytest.raises(PackContentError):
        read_quiz({**data, "ask": "five"}, "quiz.yaml")


def test_moodle_xml_keeps_the_pool_in_its_category_and_says_how_many_to_draw(pooled_t1):
    root = ET.fromstring(build_moodle_xml(pooled_t1))
    groups, current = [], None
    for question in root.findall("question"):
        if question.get("type") == "category":
            current = (question, [])
            groups.append(current)
        else:
            current[1].append(question)
    category, questions = groups[0]
    total = len(sh1(pooled_t1)["quiz"]["questions"])
    assert "SH-1" in category.findtext("category/text") and len(questions) == total
    info = category.findtext("info/text")
    assert f"each attempt asks {ASK} of the {total} questions" in info and f"add {ASK} random questions from this category" in info
    assert all(q.findtext("shuffleanswers") == "1" for q in questions if q.get("type") == "multichoice")
    # Modules without a pool say nothing of one.
    assert all("Question pool" not in c.findtext("info/text") for c, _ in groups[1:])


def test_the_scorm_package_ships_the_draw_and_an_answer_key_it_can_draw_from(pooled_t1):
    module = sh1(pooled_t1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        write_scorm_package(pooled_t1, module["id"], archive, lambda path: io.BytesIO(b""))
    with zipfile.ZipFile(buffer) as archive:
        names = archive.namelist()
        page = archive.read("index.html").decode()
        shipped = archive.read("question-pool.js").decode()
        manifest_xml = archive.read("imsmanifest.xml").decode()
    assert "question-pool.js" in names and 'href="question-pool.js"' in manifest_xml
    assert shipped == POOL_JS.read_text(encoding="utf-8")
    assert page.index('src="question-pool.js"') < page.index('src="sco.js"')
    key = json.loads(page.split('<script id="quiz-key" type="application/json">')[1].split("</script>")[0])
    quiz = module["quiz"]
    assert key["ask"] == ASK and [q["answers"] for q in key["questions"]] == [[a["id"] for a in q["answers"]] for q in quiz["questions"]]
    total = len(quiz["questions"])
    assert f"{ASK} questions · pass mark" in page and f"draws {ASK} of the {total} questions" in page
    # The SCO's draw is the site's draw for the same seed.
    pool = [{"id": q["id"], "type": q["type"], "answers": q["answers"]} for q in key["questions"]]
    seeds = [0, 42, 2**32 - 1]
    expected = [[[qid, list(answers)] for qid, answers in draw_questions(
        [(q["id"], q["type"], q["answers"]) for q in pool], ASK, seed).questions] for seed in seeds]
    assert run_draw([{"pool": pool, "ask": ASK, "seed": seed} for seed in seeds]) == expected


def test_the_offline_copy_ships_the_draw_and_counts_the_questions_asked(pooled_t1):
    files = {}
    write_offline_copy(pooled_t1, files.__setitem__, lambda path: io.BytesIO(b""))
    assert files["offline/assets/question-pool.js"].decode() == POOL_JS.read_text(encoding="utf-8")
    quiz_page = next(data.decode() for name, data in files.items() if name.endswith("sh-1/quiz.html"))
    total = len(sh1(pooled_t1)["quiz"]["questions"])
    assert f"{ASK} questions · pass mark" in quiz_page and f"draws {ASK} of the {total} questions" in quiz_page
    assert quiz_page.index("question-pool.js") < quiz_page.index("selfcheck.js")
    data = json.loads(quiz_page.split('<script id="quiz-data" type="application/json">')[1].split("</script>")[0])
    assert data["ask"] == ASK


def test_the_kit_sources_document_ask():
    text = (Path(__file__).resolve().parents[3] / "docs" / "content-format.md").read_text(encoding="utf-8")
    assert "ask: 6" in text and "question pool" in text
    assert yaml.safe_load("ask: 6")["ask"] == 6
